package io.reelflow.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.reelflow.config.ReelflowConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The production compose file cannot run here (no Docker engine, no GPU), so at least its structure is checked: it
 * parses, has every service the platform needs, and every file it mounts from this repository exists.
 */
class ProductionManifestTest {

    private static final Path PRODUCTION = Path.of("production");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void composeFileHasEveryServiceAndMountsOnlyFilesThatExist() throws Exception {
        JsonNode compose = YAML.readTree(PRODUCTION.resolve("docker-compose.yml").toFile());

        List<String> services = new ArrayList<>();
        compose.get("services").fieldNames().forEachRemaining(services::add);
        assertThat(services).contains("kafka", "minio", "jobmanager", "taskmanager", "prometheus", "grafana");
        assertThat(compose.at("/services/taskmanager/deploy/resources/reservations/devices/0/capabilities/0").asText())
                .isEqualTo("gpu");
        assertThat(compose.at("/services/jobmanager/command").asText()).contains("io.reelflow.jobs.StreamingGenerationJob");

        for (JsonNode service : compose.get("services")) {
            for (JsonNode volume : service.path("volumes")) {
                String source = volume.asText().split(":")[0];
                if (source.startsWith(".") && !source.endsWith(".jar")) {
                    assertThat(PRODUCTION.resolve(source)).as(volume.asText()).exists();
                }
            }
        }
    }

    @Test
    void localPrometheusScrapesEveryPortOfTheReporterRange() throws Exception {
        JsonNode prometheus = YAML.readTree(Path.of("..", "dashboards", "prometheus", "prometheus.yml").toFile());
        List<String> targets = new ArrayList<>();
        prometheus.at("/scrape_configs/0/static_configs/0/targets").forEach(t -> targets.add(t.asText()));
        String[] range = ReelflowConfig.defaults().local().prometheusPorts().split("-");
        List<String> expected = new ArrayList<>();
        for (int port = Integer.parseInt(range[0]); port <= Integer.parseInt(range[1]); port++) {
            expected.add("127.0.0.1:" + port);
        }
        assertThat(targets).containsExactlyElementsOf(expected);
    }
}

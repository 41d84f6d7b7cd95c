package io.reelflow.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.reelflow.config.ConfigLoader;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests cannot run here (no cluster, no GPU), so what can be checked is: the operator's essentials
 * are there, every Flink setting is one Flink 2.3 knows (a renamed key would be silently ignored), the entry class
 * exists, and every REELFLOW_* variable binds to a configuration key.
 */
class KubernetesManifestTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Settings of plugins and reporters, which are not options of Flink's core classes. */
    private static final List<String> PLUGIN_PREFIXES = List.of("s3.", "metrics.reporter.");

    @Test
    void theStreamingDeploymentIsStatefulOnTheObjectStoreWithGpuTaskManagers() throws Exception {
        JsonNode deployment = YAML.readTree(Path.of("kubernetes", "reelflow-streaming.yaml").toFile());

        assertThat(deployment.path("kind").asText()).isEqualTo("FlinkDeployment");
        assertThat(deployment.at("/spec/job/upgradeMode").asText()).isEqualTo("savepoint");
        assertThat(Class.forName(deployment.at("/spec/job/entryClass").asText())).isNotNull();
        assertThat(deployment.at("/spec/job/jarURI").asText()).endsWith("/reelflow-job.jar");
        assertThat(Files.readString(Path.of("..", "jobs", "pom.xml"))).contains("reelflow-job.jar");
        JsonNode flink = deployment.at("/spec/flinkConfiguration");
        assertThat(flink.path("execution.checkpointing.dir").asText()).startsWith("s3://");
        assertThat(flink.path("execution.checkpointing.savepoint-dir").asText()).startsWith("s3://");
        assertThat(flink.path("env.java.opts.all").asText())
                .contains("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.reelflow.schema", "-Dai.djl.offline=true");
        assertThat(deployment.at("/spec/taskManager/podTemplate/spec/containers/0/resources/limits")
                .path("nvidia.com/gpu").asInt()).isEqualTo(1);
    }

    @Test
    void everyFlinkSettingIsAnOptionFlinkKnows() throws Exception {
        Set<String> known = optionKeys(CheckpointingOptions.class, CoreOptions.class, HighAvailabilityOptions.class,
                StateBackendOptions.class, TaskManagerOptions.class);
        JsonNode flink = YAML.readTree(Path.of("kubernetes", "reelflow-streaming.yaml").toFile())
                .at("/spec/flinkConfiguration");

        flink.fieldNames().forEachRemaining(key -> {
            if (PLUGIN_PREFIXES.stream().noneMatch(key::startsWith)) {
                assertThat(known).as("Flink 2.3 option %s", key).contains(key);
            }
        });
    }

    @Test
    void everyReelflowVariableBindsToAConfigurationKey() throws Exception {
        JsonNode env = YAML.readTree(Path.of("kubernetes", "reelflow-streaming.yaml").toFile())
                .at("/spec/podTemplate/spec/containers/0/env");
        Map<String, String> variables = new HashMap<>();
        for (JsonNode variable : env) {
            String name = variable.path("name").asText();
            if (name.startsWith("REELFLOW_")) {
                variables.put(name, name.equals("REELFLOW_GENERATION_DEVICE") ? variable.path("value").asText() : "x");
            }
        }

        assertThat(variables).containsKeys("REELFLOW_KAFKA_BOOTSTRAP_SERVERS", "REELFLOW_STORAGE_SECRET_KEY",
                "REELFLOW_WATERMARK_SECRET");
        // Unknown keys are an error, so a misspelt variable fails here.
        assertThat(ConfigLoader.builder().environment(variables).build().generation().device()).isEqualTo("gpu");
    }

    private static Set<String> optionKeys(Class<?>... holders) throws IllegalAccessException {
        Set<String> keys = new HashSet<>();
        for (Class<?> holder : holders) {
            for (Field field : holder.getFields()) {
                if (ConfigOption.class.isAssignableFrom(field.getType())) {
                    keys.add(((ConfigOption<?>) field.get(null)).key());
                }
            }
        }
        return keys;
    }
}

package io.reelflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelflow.schema.MarkPosition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @Test
    void defaultsBindToEveryRecord() {
        ReelflowConfig config = ReelflowConfig.defaults();

        assertThat(config.kafka().topics().requests()).isEqualTo("reelflow.requests");
        assertThat(config.kafka().transactionTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.limits().imageMaxSide()).isEqualTo(2048);
        assertThat(config.limits().maxDurationSeconds()).isEqualTo(60.0);
        assertThat(config.pipeline().dedupRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(config.tenants().find("demo")).isPresent();
        assertThat(config.tenants().find("nobody")).isEmpty();
    }

    @Test
    void layersApplyInOrderFileThenEnvironmentThenOverrides(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("reelflow.yaml");
        Files.writeString(file, """
                kafka:
                  bootstrap-servers: file:1
                  partitions: 8
                watermark:
                  secret: from-file
                tenants:
                  known:
                    - id: acme
                      input-buckets: [acme-assets]
                      visible-mark: {text: ACME, position: MOVING, opacity: 0.5, scale: 0.1}
                """);

        ReelflowConfig config = ConfigLoader.builder()
                .file(file)
                .environment(Map.of("REELFLOW_WATERMARK_SECRET", "from-env", "REELFLOW_KAFKA_PARTITIONS", "2"))
                .set(List.of("kafka.partitions=3", "pipeline.checkpoint-interval=500ms"))
                .build();

        assertThat(config.kafka().bootstrapServers()).isEqualTo("file:1");
        assertThat(config.watermark().secret()).isEqualTo("from-env");
        assertThat(config.kafka().partitions()).isEqualTo(3);
        assertThat(config.pipeline().checkpointInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.tenants().find("acme").orElseThrow().visibleMark().position()).isEqualTo(MarkPosition.MOVING);
        assertThat(config.tenants().find("demo")).isEmpty();
    }

    @Test
    void unknownKeysAndBadValuesFailWithTheKeyName(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("typo.yaml");
        Files.writeString(file, "kafka:\n  bootstrap-server: x\n");

        assertThatThrownBy(() -> ConfigLoader.builder().file(file).build())
                .hasMessageContaining("kafka.bootstrap-server");
        assertThatThrownBy(() -> ConfigLoader.builder().set("limits.nope", "1").build())
                .hasMessageContaining("limits.nope");
        assertThatThrownBy(() -> ConfigLoader.builder().set("limits.max-fps", "many").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConfigLoader.builder().set("pipeline.checkpoint-interval", "soon").build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void environmentNamesFollowTheKeyPath() {
        assertThat(ConfigLoader.envName("storage.secret-key")).isEqualTo("REELFLOW_STORAGE_SECRET_KEY");
        assertThat(ConfigLoader.keys()).contains("storage.secret-key", "kafka.topics.dead-letters", "local.data-dir");
    }
}

package io.reelflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.reelflow.config.ConfigLoader;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.infra.LocalStack;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ResultStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What `reelflow up` promises across a stop and a start on the same data directory: the job resumes from its last
 * checkpoint, so finished requests are not generated again and their ids are still known (a resubmission is a
 * duplicate), while new requests are served.
 */
class LocalStackRestartIT {

    @TempDir
    Path dataDir;

    @Test
    void aRestartedStackResumesFromItsLastCheckpoint() throws Exception {
        ReelflowConfig config = ConfigLoader.builder()
                .set("kafka.bootstrap-servers", "127.0.0.1:0")
                .set("storage.endpoint", "http://127.0.0.1:0")
                .set("local.flink-rest-port", "0")
                .set("local.prometheus-ports", "9340-9369")
                .set("pipeline.checkpoint-interval", "1s")
                .build();
        byte[] first = TestRequests.ok(TestRequests.image("first", 128, 128).build(), false).payload();
        byte[] second = TestRequests.ok(TestRequests.image("second", 128, 128).build(), false).payload();

        try (LocalStack stack = LocalStack.start(config, dataDir)) {
            send(stack.config(), "first", first);
            assertThat(awaitResults(stack.config(), 1)).extracting(GenerationResult::getStatus)
                    .containsExactly(ResultStatus.SUCCEEDED);
            Thread.sleep(2500); // one more checkpoint, so the restart resumes after "first"
        }

        try (LocalStack stack = LocalStack.start(config, dataDir)) {
            send(stack.config(), "first", first);
            send(stack.config(), "second", second);
            List<GenerationResult> results = awaitResults(stack.config(), 3);

            assertThat(results).extracting(GenerationResult::getRequestId, GenerationResult::getStatus, GenerationResult::getErrorCode)
                    .containsExactlyInAnyOrder(
                            tuple("first", ResultStatus.SUCCEEDED, null),
                            tuple("first", ResultStatus.REJECTED, "DUPLICATE_REQUEST"),
                            tuple("second", ResultStatus.SUCCEEDED, null));
        }
    }

    private static List<GenerationResult> awaitResults(ReelflowConfig config, int expected) throws Exception {
        List<GenerationResult> results = Outputs.readCommitted(
                config, config.kafka().topics().results(), GenerationResult.class, expected, Duration.ofMinutes(2));
        // Anything beyond what is expected would be a repeat: give it a few checkpoints to show up.
        Thread.sleep(3000);
        return Outputs.readCommitted(config, config.kafka().topics().results(), GenerationResult.class, Integer.MAX_VALUE,
                Duration.ofSeconds(3));
    }

    private static void send(ReelflowConfig config, String key, byte[] payload) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(config.kafka().topics().requests(),
                    key.getBytes(StandardCharsets.UTF_8), payload)).get();
        }
    }
}

package io.reelflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.config.ConfigLoader;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.infra.LocalStack;
import io.reelflow.schema.ControlAction;
import io.reelflow.schema.ControlCommand;
import io.reelflow.schema.EventType;
import io.reelflow.schema.GenerationEvent;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ResultStatus;
import io.reelflow.schema.codec.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serving engine inside the streaming job on the local stack: requests in flight when the job stops are re-run
 * after it restores from its last checkpoint and end with exactly one result each; a cancel on the control topic
 * stops a sampling request; progress events reach the events topic.
 */
class ServingIT {

    private static final int REQUESTS = 6;

    @TempDir
    Path dataDir;

    @Test
    void inFlightRequestsAreReRunAfterARestoreAndACancelStopsSampling() throws Exception {
        ReelflowConfig config = ConfigLoader.builder()
                .set("kafka.bootstrap-servers", "127.0.0.1:0")
                .set("storage.endpoint", "http://127.0.0.1:0")
                .set("local.flink-rest-port", "0")
                .set("local.prometheus-ports", "9370-9399")
                .set("pipeline.checkpoint-interval", "1s")
                .build();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            ids.add("restore-" + i);
        }

        int firstRun;
        try (LocalStack stack = LocalStack.start(config, dataDir)) {
            for (String id : ids) {
                send(stack.config(), stack.config().kafka().topics().requests(), id, video(id, 30, 1.0));
            }
            firstRun = Outputs.readCommitted(stack.config(), stack.config().kafka().topics().results(),
                    GenerationResult.class, 1, Duration.ofMinutes(3)).size();
        } // stops mid-run: the rest are in flight or still in Kafka
        assertThat(firstRun).as("a result before the stop").isPositive();

        try (LocalStack stack = LocalStack.start(config, dataDir)) {
            ReelflowConfig running = stack.config();
            send(running, running.kafka().topics().requests(), "to-cancel", video("to-cancel", 200, 2.0));
            awaitSampling(running, "to-cancel");
            ControlCommand cancel = ControlCommand.newBuilder().setTenantId("demo").setRequestId("to-cancel")
                    .setAction(ControlAction.CANCEL).setIssuedAt(Instant.now()).build();
            send(running, running.kafka().topics().control(), "to-cancel",
                    SingleObjectCodec.of(ControlCommand.class).encode(cancel));

            List<GenerationResult> results = Outputs.readCommitted(running, running.kafka().topics().results(),
                    GenerationResult.class, REQUESTS + 1, Duration.ofMinutes(4));
            Thread.sleep(3000); // anything more would be a repeat: give it a few checkpoints to show up
            results = Outputs.readCommitted(running, running.kafka().topics().results(), GenerationResult.class,
                    Integer.MAX_VALUE, Duration.ofSeconds(3));

            Map<String, List<GenerationResult>> byId = results.stream()
                    .collect(Collectors.groupingBy(GenerationResult::getRequestId));
            assertThat(byId).containsOnlyKeys(concat(ids, "to-cancel"));
            assertThat(byId.values()).as("exactly one result per request").allSatisfy(r -> assertThat(r).hasSize(1));
            for (String id : ids) {
                assertThat(byId.get(id).get(0).getStatus()).as(id).isEqualTo(ResultStatus.SUCCEEDED);
            }
            GenerationResult canceled = byId.get("to-cancel").get(0);
            assertThat(canceled.getStatus()).isEqualTo(ResultStatus.CANCELED);
            assertThat(canceled.getErrorCode()).isEqualTo("CANCELED");
        }
    }

    /** Waits for a SAMPLING event of {@code id}: it is on a device. */
    private static void awaitSampling(ReelflowConfig config, String id) throws Exception {
        long until = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < until) {
            List<GenerationEvent> events = Outputs.readCommitted(config, config.kafka().topics().events(),
                    GenerationEvent.class, Integer.MAX_VALUE, Duration.ofMillis(700));
            if (events.stream().anyMatch(e -> e.getRequestId().equals(id) && e.getType() == EventType.SAMPLING)) {
                return;
            }
        }
        throw new AssertionError("no SAMPLING event for " + id);
    }

    private static byte[] video(String id, int steps, double seconds) {
        GenerationRequest request = TestRequests.video(id, 1280, 720).setDurationSeconds(seconds).setFps(8)
                .setSteps(steps).setSeed((long) id.hashCode()).build();
        return SingleObjectCodec.of(GenerationRequest.class).encode(request);
    }

    private static List<String> concat(List<String> ids, String more) {
        List<String> all = new ArrayList<>(ids);
        all.add(more);
        return all;
    }

    private static void send(ReelflowConfig config, String topic, String key, byte[] payload) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), payload)).get();
        }
    }
}

package io.reelflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.messages.Item;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.infra.cluster.ClusterRest;
import io.reelflow.infra.local.LocalServers;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.Sha256;
import io.reelflow.schema.EventType;
import io.reelflow.schema.GenerationEvent;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.OutputAsset;
import io.reelflow.schema.ResultStatus;
import io.reelflow.schema.codec.SingleObjectCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stop-with-savepoint and resume at another parallelism on a real standalone cluster, through the CLI: the streaming job
 * runs at parallelism 1 on two one-slot TaskManagers, checkpoints land in the S3 store, `cluster stop` takes a savepoint
 * there while requests are still in flight, and `run --from-savepoint` resumes it at parallelism 2. In the end every
 * request has exactly one result and one COMPLETED event (read_committed), and every stored object matches the SHA-256
 * its result gives: nothing lost, nothing twice. The requests sent before the stop, sent again after the resume, are
 * refused as DUPLICATE_REQUEST: the dedup state survived the rescale.
 */
class SavepointIT {

    private static final int BEFORE = 16;
    private static final int AFTER = 4;
    /** Denoising steps per request: with BEFORE, enough that several batches are still to run when the stop comes. */
    private static final int STEPS = 60;
    private static final String BUCKET = "reelflow-checkpoints";

    @TempDir
    Path dataDir;

    @Test
    void aJobStoppedWithASavepointResumesAtAnotherParallelismWithoutLossOrDuplicates() throws Exception {
        Path clusterDir = dataDir.resolve("cluster");
        try (LocalServers servers = ClusterItServers.start(dataDir)) {
            ReelflowConfig config = servers.config();
            List<String> settings = ClusterItServers.settings(dataDir, config, "9640-9669");
            try (MinioClient s3 = Outputs.s3(config)) {
                String restUrl = CliJvm.run(dataDir, CliJvm.withSettings(settings, "cluster", "up", "--taskmanagers", "2",
                        "--slots", "1", "--rest-port", "0", "--data-dir", clusterDir.toString())).strip();
                String first = CliJvm.run(dataDir, CliJvm.withSettings(settings, "run", "--cluster", restUrl,
                        "--set", "pipeline.parallelism=1")).strip();
                assertThat(highestVertexParallelism(restUrl, first)).isEqualTo(1);

                List<String> before = ids("before", BEFORE);
                send(config, before);
                awaitCheckpointIn(s3, "cluster/checkpoints/" + first + "/");
                Outputs.readCommitted(config, config.kafka().topics().results(), GenerationResult.class, 1,
                        Duration.ofMinutes(2));

                String savepoint = CliJvm.run(dataDir, List.of("cluster", "stop", first, "--data-dir",
                        clusterDir.toString())).strip();
                assertThat(savepoint).startsWith("s3://" + BUCKET + "/cluster/savepoints/");
                s3.statObject(StatObjectArgs.builder().bucket(BUCKET)
                        .object(URI.create(savepoint).getPath().substring(1) + "/_metadata").build());
                int doneAtStop = results(config).size();
                assertThat(doneAtStop).as("requests finished before the stop: the rest were in flight")
                        .isLessThan(BEFORE);

                String second = CliJvm.run(dataDir, CliJvm.withSettings(settings, "run", "--cluster", restUrl,
                        "--from-savepoint", savepoint, "--set", "pipeline.parallelism=2")).strip();
                assertThat(highestVertexParallelism(restUrl, second)).isEqualTo(2);
                List<String> after = ids("after", AFTER);
                send(config, after);
                // Every id sent before the stop, again: their dedup state came through the savepoint, redistributed
                // over the two subtasks, so each is refused as a duplicate instead of generated twice.
                send(config, before);

                List<String> all = Stream.concat(before.stream(), after.stream()).toList();
                Outputs.readCommitted(config, config.kafka().topics().results(), GenerationResult.class,
                        all.size() + before.size(), Duration.ofMinutes(3));
                Thread.sleep(3000); // a few more checkpoints: a duplicate would commit now
                List<GenerationResult> results = results(config);
                List<GenerationResult> succeeded = results.stream()
                        .filter(r -> r.getStatus() == ResultStatus.SUCCEEDED).toList();
                List<GenerationResult> refused = results.stream()
                        .filter(r -> r.getStatus() != ResultStatus.SUCCEEDED).toList();
                assertThat(succeeded).as("results (%d done at the stop; logs under %s)", doneAtStop,
                        clusterDir.resolve("logs")).extracting(GenerationResult::getRequestId)
                        .containsExactlyInAnyOrderElementsOf(all);
                assertThat(refused).as("results of the ids sent again after the resume")
                        .allSatisfy(r -> {
                            assertThat(r.getStatus()).isEqualTo(ResultStatus.REJECTED);
                            assertThat(r.getErrorCode()).isEqualTo(ErrorCode.DUPLICATE_REQUEST.name());
                        })
                        .extracting(GenerationResult::getRequestId).containsExactlyInAnyOrderElementsOf(before);
                assertThat(Outputs.readCommitted(config, config.kafka().topics().events(), GenerationEvent.class,
                        Integer.MAX_VALUE, Duration.ofSeconds(3)).stream().filter(e -> e.getType() == EventType.COMPLETED))
                        .extracting(GenerationEvent::getRequestId).containsExactlyInAnyOrderElementsOf(all);
                for (GenerationResult result : succeeded) {
                    assertThat(result.getAssets()).isNotEmpty();
                    for (OutputAsset asset : result.getAssets()) {
                        byte[] bytes = Outputs.get(s3, asset.getUri());
                        assertThat(bytes).as(asset.getUri()).hasSize((int) asset.getBytes());
                        assertThat(Sha256.hex(bytes)).as(asset.getUri()).isEqualTo(asset.getSha256());
                    }
                }
                System.out.printf("SavepointIT: %d of %d requests done at the stop, savepoint %s; %d results, each once,"
                        + " after the resume at parallelism 2; %d ids sent again refused as DUPLICATE_REQUEST%n",
                        doneAtStop, BEFORE, savepoint, succeeded.size(), refused.size());
            } finally {
                CliJvm.run(dataDir, List.of("cluster", "down", "--data-dir", clusterDir.toString(), "--grace", "PT20S"));
                assertThat(clusterDir.resolve("cluster.pid")).doesNotExist();
            }
        }
    }

    private static List<String> ids(String prefix, int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> prefix + "-" + i).toList();
    }

    private static List<GenerationResult> results(ReelflowConfig config) throws Exception {
        return Outputs.readCommitted(config, config.kafka().topics().results(), GenerationResult.class,
                Integer.MAX_VALUE, Duration.ofSeconds(3));
    }

    /** Waits for a complete checkpoint (its {@code _metadata}) under {@code prefix} of the checkpoint bucket. */
    private static void awaitCheckpointIn(MinioClient s3, String prefix) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        List<String> keys = new ArrayList<>();
        while (keys.stream().noneMatch(k -> k.matches(".*/chk-\\d+/_metadata")) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            keys.clear();
            for (Result<Item> item : s3.listObjects(ListObjectsArgs.builder().bucket(BUCKET).prefix(prefix)
                    .recursive(true).build())) {
                keys.add(item.get().objectName());
            }
        }
        assertThat(keys).as("checkpoints under s3://%s/%s", BUCKET, prefix).anyMatch(k -> k.matches(".*/chk-\\d+/_metadata"));
    }

    /** The highest parallelism of the job's vertices, from {@code GET /jobs/:id}, once it runs. */
    private static int highestVertexParallelism(String restUrl, String jobId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        JsonNode job = null;
        while (System.nanoTime() < deadline) {
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(restUrl + "/jobs/" + jobId))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            job = new ObjectMapper().readTree(body);
            if (job.path("state").asText().equals("RUNNING")) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(job.path("state").asText()).as("job %s", jobId).isEqualTo("RUNNING");
        int max = 0;
        for (JsonNode vertex : job.path("vertices")) {
            max = Math.max(max, vertex.path("parallelism").asInt());
        }
        return max;
    }

    private static void send(ReelflowConfig config, List<String> ids) throws Exception {
        SingleObjectCodec<GenerationRequest> codec = SingleObjectCodec.of(GenerationRequest.class);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String id : ids) {
                producer.send(new ProducerRecord<>(config.kafka().topics().requests(), id.getBytes(StandardCharsets.UTF_8),
                        codec.encode(TestRequests.image(id, 128, 128).setSteps(STEPS).build()))).get();
            }
        }
    }
}

package io.reelflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minio.MinioClient;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.infra.cluster.ClusterRest;
import io.reelflow.infra.local.LocalServers;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.OutputAsset;
import io.reelflow.schema.ResultStatus;
import io.reelflow.schema.codec.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming job on a real standalone cluster, driven through the CLI as a user would: `reelflow cluster up` starts
 * a JobManager and two TaskManager JVMs (one slot each), `reelflow run --cluster` submits the job against a real Kafka
 * broker and S3 server, every request comes back exactly once as SUCCEEDED with its objects stored; then a campaign
 * job runs to its summary on the same cluster, and `reelflow cluster down` leaves no process behind.
 */
class ClusterIT {

    private static final int REQUESTS = 4;

    @TempDir
    Path dataDir;

    @Test
    void theStreamingJobRunsOnATwoTaskManagerClusterAndDownStopsEveryProcess() throws Exception {
        Path clusterDir = dataDir.resolve("cluster");
        try (LocalServers servers = ClusterItServers.start(dataDir)) {
            ReelflowConfig config = servers.config();
            List<String> settings = ClusterItServers.settings(dataDir, config, "9400-9429", "pipeline.parallelism=2");
            List<Long> pids = List.of();
            try {
                String restUrl = CliJvm.run(dataDir, CliJvm.withSettings(settings, "cluster", "up", "--taskmanagers", "2",
                        "--slots", "1", "--rest-port", "0", "--data-dir", clusterDir.toString())).strip();
                pids = recordedPids(clusterDir);
                assertThat(pids).as("a JobManager and two TaskManagers").hasSize(3);
                ClusterRest.Overview overview = new ClusterRest(restUrl).overview();
                assertThat(overview.taskManagers()).isEqualTo(2);
                assertThat(overview.slotsTotal()).isEqualTo(2);

                String jobId = CliJvm.run(dataDir, CliJvm.withSettings(settings, "run", "--cluster", restUrl)).strip();
                assertThat(jobId).matches("[0-9a-f]{32}");

                List<String> ids = IntStream.rangeClosed(1, REQUESTS).mapToObj(i -> "cluster-" + i).toList();
                send(config, ids);
                List<GenerationResult> results = Outputs.readCommitted(config, config.kafka().topics().results(),
                        GenerationResult.class, REQUESTS, Duration.ofMinutes(2));
                Thread.sleep(3000); // a few more checkpoints: a duplicate would commit now
                results = Outputs.readCommitted(config, config.kafka().topics().results(), GenerationResult.class,
                        Integer.MAX_VALUE, Duration.ofSeconds(3));

                assertThat(results).as("results (job %s; logs under %s)", jobId, clusterDir.resolve("logs"))
                        .extracting(GenerationResult::getRequestId).containsExactlyInAnyOrderElementsOf(ids);
                assertThat(results).extracting(GenerationResult::getStatus).containsOnly(ResultStatus.SUCCEEDED);
                try (MinioClient s3 = Outputs.s3(config)) {
                    for (GenerationResult result : results) {
                        assertThat(result.getAssets()).isNotEmpty();
                        for (OutputAsset asset : result.getAssets()) {
                            assertThat(Outputs.get(s3, asset.getUri())).as(asset.getUri()).hasSize((int) asset.getBytes());
                        }
                    }
                }
                List<ClusterRest.Job> jobs = new ClusterRest(restUrl).jobs();
                assertThat(jobs).extracting(ClusterRest.Job::id, ClusterRest.Job::state).contains(
                        org.assertj.core.groups.Tuple.tuple(jobId, "RUNNING"));
                // Parallelism 2 on two one-slot TaskManagers: the job holds both, so both TaskManagers run it.
                assertThat(new ClusterRest(restUrl).overview()).extracting(ClusterRest.Overview::taskManagers,
                        ClusterRest.Overview::slotsAvailable).containsExactly(2, 0);
                assertThat(CliJvm.run(dataDir, List.of("cluster", "status", "--data-dir", clusterDir.toString())))
                        .contains("taskmanagers  2", jobId + "  RUNNING");

                // The streaming job holds both slots: cancel it, then a campaign (BATCH) job runs on the same cluster.
                rest(restUrl).cancel(jobId);
                awaitState(restUrl, jobId, "CANCELED");
                Path campaign = dataDir.resolve("cluster-sale.jsonl");
                Files.writeString(campaign, "{\"prompt\":\"a red bicycle, product shot\"}\n{\"prompt\":\"too big\",\"width\":4096}\n");
                String campaignJob = CliJvm.run(dataDir, CliJvm.withSettings(settings, "run", "--cluster", restUrl,
                        "--campaign", campaign.toString(), "--tenant", "demo",
                        "--defaults", "{\"mode\":\"TEXT_TO_IMAGE\",\"width\":128,\"height\":128,\"steps\":2}")).strip();
                awaitState(restUrl, campaignJob, "FINISHED");
                JsonNode summary;
                try (MinioClient s3 = Outputs.s3(config)) {
                    summary = new ObjectMapper().readTree(Outputs.get(s3,
                            "s3://" + config.storage().bucket() + "/demo/campaigns/cluster-sale/summary.json"));
                }
                assertThat(summary.get("requests_total").asInt()).isEqualTo(2);
                assertThat(summary.at("/counts/SUCCEEDED").asInt()).isEqualTo(1);
                assertThat(summary.at("/counts/REJECTED").asInt()).isEqualTo(1);

                // A campaign spec, run on the cluster by `campaign run --cluster`, to its manifest.
                Path spec = dataDir.resolve("cluster-spec.yaml");
                Files.writeString(spec, """
                        campaign: cluster-spec
                        tenant: demo
                        steps: 2
                        templates:
                          shot: "a {colour} bicycle, product shot"
                        variables:
                          colour: [red, blue]
                        cross: [colour]
                        formats:
                          square: image 128x128
                          wide: video 192x108 1s
                        """);
                String printed = CliJvm.run(dataDir, CliJvm.withSettings(settings, "campaign", "run", spec.toString(),
                        "--cluster", restUrl, "--out", dataDir.resolve("campaign-out").toString()));
                assertThat(printed).contains("report: s3://" + config.storage().bucket() + "/demo/campaigns/cluster-spec/report.html");
                try (MinioClient s3 = Outputs.s3(config)) {
                    JsonNode manifest = new ObjectMapper().readTree(Outputs.get(s3,
                            "s3://" + config.storage().bucket() + "/demo/campaigns/cluster-spec/manifest.json"));
                    assertThat(manifest.findValuesAsText("status")).hasSize(4).containsOnly("SUCCEEDED");
                }
            } finally {
                CliJvm.run(dataDir, List.of("cluster", "down", "--data-dir", clusterDir.toString(), "--grace", "PT20S"));
                pids = pids.isEmpty() ? recordedPids(clusterDir) : pids;
                for (long pid : pids) {
                    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("process %d after down", pid).isEmpty();
                }
                assertThat(clusterDir.resolve("cluster.pid")).doesNotExist();
            }
        }
    }

    private static ClusterRest rest(String restUrl) {
        return new ClusterRest(restUrl);
    }

    private static void awaitState(String restUrl, String jobId, String state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        String seen = "";
        while (System.nanoTime() < deadline) {
            seen = rest(restUrl).jobs().stream().filter(j -> j.id().equals(jobId)).map(ClusterRest.Job::state)
                    .findFirst().orElse("unknown");
            if (seen.equals(state) || seen.equals("FAILED")) {
                break;
            }
            Thread.sleep(500);
        }
        if (!seen.equals(state)) {
            String exceptions = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(restUrl + "/jobs/" + jobId + "/exceptions")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(seen).as("state of job %s: %s", jobId, java.util.Arrays.stream(exceptions.split("\\\\n"))
                    .filter(l -> l.startsWith("Caused by") || l.contains("Exception:")).distinct().limit(12).toList())
                    .isEqualTo(state);
        }
    }

    private static List<Long> recordedPids(Path clusterDir) throws Exception {
        Path file = clusterDir.resolve("cluster.pid");
        return Files.isRegularFile(file)
                ? Files.readAllLines(file).stream().map(l -> Long.parseLong(l.split(" ")[1])).toList() : List.of();
    }

    private static void send(ReelflowConfig config, List<String> ids) throws Exception {
        SingleObjectCodec<GenerationRequest> codec = SingleObjectCodec.of(GenerationRequest.class);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String id : ids) {
                producer.send(new ProducerRecord<>(config.kafka().topics().requests(), id.getBytes(StandardCharsets.UTF_8),
                        codec.encode(TestRequests.image(id, 128, 128).build()))).get();
            }
        }
    }
}

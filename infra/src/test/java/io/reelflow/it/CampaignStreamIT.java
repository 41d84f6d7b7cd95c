package io.reelflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minio.MinioClient;
import io.reelflow.config.ConfigLoader;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.infra.LocalStack;
import io.reelflow.operators.campaign.run.CampaignLedger;
import io.reelflow.operators.campaign.spec.CampaignDefinition;
import io.reelflow.schema.EventType;
import io.reelflow.schema.GenerationEvent;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.Priority;
import io.reelflow.schema.ResultStatus;
import io.reelflow.schema.codec.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reelflow campaign run --stream} in its own JVM against the local stack (a real broker, S3Proxy and the
 * streaming job on a MiniCluster): the campaign's requests go to the requests topic at LOW priority though the spec
 * says HIGH, the streaming job serves them and writes their ledger, the CLI writes the manifest; interactive HIGH
 * requests sent while the campaign is queued are served ahead of it; a second run publishes nothing.
 */
class CampaignStreamIT {

    /**
     * 6 videos of one shape: the serving engine samples 4 at a time (generation.serving.max-batch windows), so 2 wait
     * for a slot while the first 4 take their 3 windows x 16 steps, and the interactive requests arrive meanwhile.
     */
    private static final String SPEC = """
            campaign: it-stream
            tenant: demo
            priority: high
            steps: 16
            templates:
              shot: "a {colour} ball on a {ground} background"
            variables:
              colour: [red, blue, green]
              ground: [black, white]
            cross: [colour, ground]
            formats:
              clip: video 192x108 2s
            """;
    private static final int OUTPUTS = 6;
    private static final List<String> INTERACTIVE = List.of("interactive-1", "interactive-2");

    @TempDir
    Path dataDir;

    @Test
    void aStreamedCampaignGoesInAtLowPriorityEndsInTheManifestAndRunsOnce() throws Exception {
        ReelflowConfig asked = ConfigLoader.builder()
                .set("kafka.bootstrap-servers", "127.0.0.1:0")
                .set("storage.endpoint", "http://127.0.0.1:0")
                .set("local.data-dir", dataDir.toString())
                .set("local.flink-rest-port", "0")
                .set("local.prometheus-ports", "9760-9789")
                .set("pipeline.checkpoint-interval", "1s")
                .build();
        try (LocalStack stack = LocalStack.start(asked, dataDir.resolve("stack"))) {
            ReelflowConfig config = stack.config();
            String requestsTopic = config.kafka().topics().requests();
            Path spec = dataDir.resolve("it-stream.yaml");
            Files.writeString(spec, SPEC);
            List<String> run = CliJvm.withSettings(ClusterItServers.settings(dataDir, config, "9760-9789"),
                    "campaign", "run", spec.toString(), "--stream", "--out", dataDir.resolve("out").toString());

            // Run 1, and interactive HIGH requests as soon as the campaign's requests are in the topic.
            Path err = dataDir.resolve("run1.err");
            String printed;
            Process first = CliJvm.start(dataDir, err, run);
            try (KafkaProducer<byte[], byte[]> producer = producer(config)) {
                assertThat(Outputs.readCommitted(config, requestsTopic, GenerationRequest.class, OUTPUTS,
                        Duration.ofMinutes(2))).as("run 1 published: %s", Files.readString(err)).hasSize(OUTPUTS);
                for (String id : INTERACTIVE) {
                    GenerationRequest request = TestRequests.image(id, 128, 128).setSteps(2)
                            .setPriority(Priority.HIGH).build();
                    producer.send(new ProducerRecord<>(requestsTopic, id.getBytes(StandardCharsets.UTF_8),
                            SingleObjectCodec.of(GenerationRequest.class).encode(request))).get();
                }
                assertThat(first.waitFor(3, TimeUnit.MINUTES)).as("run 1 finished: %s", Files.readString(err)).isTrue();
                assertThat(first.exitValue()).as(Files.readString(err)).isZero();
                printed = new String(first.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } finally {
                first.destroyForcibly().waitFor();
            }
            assertThat(Files.readString(err)).contains("campaign it-stream: 6 outputs; 0 exist, 6 to run");
            String manifestUri = "s3://" + config.storage().bucket() + "/"
                    + CampaignLedger.folder("demo", "it-stream") + "manifest.json";
            assertThat(printed).contains("manifest: " + manifestUri);

            // The campaign's requests went in at LOW, though the spec says HIGH.
            List<GenerationRequest> sent = requests(config, Duration.ofSeconds(2));
            List<GenerationRequest> campaign = sent.stream().filter(r -> "it-stream".equals(r.getCampaignId())).toList();
            assertThat(campaign).hasSize(OUTPUTS).allSatisfy(r -> assertThat(r.getPriority()).isEqualTo(Priority.LOW));
            assertThat(sent).hasSize(OUTPUTS + INTERACTIVE.size());

            // Every output SUCCEEDED in the manifest in the store; the results say which campaign they belong to.
            byte[] manifestBytes;
            try (MinioClient s3 = Outputs.s3(config)) {
                manifestBytes = Outputs.get(s3, manifestUri);
            }
            JsonNode manifest = new ObjectMapper().readTree(manifestBytes);
            assertThat(manifest).hasSize(OUTPUTS);
            assertThat(manifest.findValuesAsText("status")).containsOnly("SUCCEEDED");
            List<GenerationResult> results = Outputs.readCommitted(config, config.kafka().topics().results(),
                    GenerationResult.class, OUTPUTS + INTERACTIVE.size(), Duration.ofMinutes(1));
            List<GenerationResult> campaignResults = results.stream()
                    .filter(r -> r.getLabels().containsKey(CampaignDefinition.OUTPUT_LABEL)).toList();
            assertThat(campaignResults).hasSize(OUTPUTS).allSatisfy(r -> {
                assertThat(r.getCampaignId()).isEqualTo("it-stream");
                assertThat(r.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
            });
            assertThat(campaignResults).extracting(GenerationResult::getRequestId)
                    .containsExactlyInAnyOrderElementsOf(manifest.findValuesAsText("request_id"));

            // Not starved: on the one device, the interactive requests, sent after the whole campaign, were sampled
            // before the videos still waiting for a slot (first come, first served would let those join the running
            // batch first and sample the interactive requests last).
            Map<String, Instant> sampled = new HashMap<>();
            for (GenerationEvent event : Outputs.readCommitted(config, config.kafka().topics().events(),
                    GenerationEvent.class, Integer.MAX_VALUE, Duration.ofSeconds(3))) {
                if (event.getType() == EventType.GENERATED) {
                    sampled.put(event.getRequestId(), event.getAt());
                }
            }
            assertThat(sampled).containsKeys(INTERACTIVE.toArray(String[]::new))
                    .containsKeys(campaignResults.stream().map(GenerationResult::getRequestId).toArray(String[]::new));
            Instant campaignSampled = campaignResults.stream().map(r -> sampled.get(r.getRequestId()))
                    .max(Comparator.naturalOrder()).orElseThrow();
            assertThat(results).filteredOn(r -> INTERACTIVE.contains(r.getRequestId()))
                    .extracting(GenerationResult::getStatus).containsExactly(ResultStatus.SUCCEEDED, ResultStatus.SUCCEEDED);
            for (String id : INTERACTIVE) {
                assertThat(sampled.get(id)).as("%s sampled before the campaign's last output", id)
                        .isBefore(campaignSampled);
            }

            // Run 2: everything exists, nothing is published, the manifest stays as it was.
            CliJvm.run(dataDir, run);
            assertThat(newestErr()).contains("campaign it-stream: 6 outputs; 6 exist, 0 to run");
            assertThat(requests(config, Duration.ofSeconds(2))).hasSize(OUTPUTS + INTERACTIVE.size());
            try (MinioClient s3 = Outputs.s3(config)) {
                assertThat(Outputs.get(s3, manifestUri)).isEqualTo(manifestBytes);
            }
        }
    }

    /** Everything on the requests topic so far. */
    private static List<GenerationRequest> requests(ReelflowConfig config, Duration wait) throws Exception {
        return Outputs.readCommitted(config, config.kafka().topics().requests(), GenerationRequest.class,
                Integer.MAX_VALUE, wait);
    }

    private static KafkaProducer<byte[], byte[]> producer(ReelflowConfig config) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The standard error of the latest CLI run by {@link CliJvm#run}. */
    private String newestErr() throws Exception {
        try (var files = Files.list(dataDir)) {
            Path newest = files.filter(p -> p.getFileName().toString().matches("cli-.*\\.err"))
                    .max(Comparator.comparingLong(p -> p.toFile().lastModified())).orElseThrow();
            return Files.readString(newest);
        }
    }
}

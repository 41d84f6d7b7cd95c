package io.reelflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.reelflow.config.ConfigLoader;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.infra.local.LocalServers;
import io.reelflow.infra.review.ReviewDesk;
import io.reelflow.jobs.StreamingGenerationJob;
import io.reelflow.operators.generate.GenerateOutcome;
import io.reelflow.operators.generate.GenerationEngine;
import io.reelflow.operators.moderation.frames.PerceptualHash;
import io.reelflow.operators.store.AssetStore;
import io.reelflow.pipeline.AssetReader;
import io.reelflow.pipeline.Frames;
import io.reelflow.pipeline.SourceRef;
import io.reelflow.pipeline.Trace;
import io.reelflow.schema.EventType;
import io.reelflow.schema.GenerationEvent;
import io.reelflow.schema.GenerationMode;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.InputAsset;
import io.reelflow.schema.AssetRole;
import io.reelflow.schema.ModerationAudit;
import io.reelflow.schema.ModerationDecision;
import io.reelflow.schema.ModerationGate;
import io.reelflow.schema.OutputAsset;
import io.reelflow.schema.ResultStatus;
import io.reelflow.schema.ReviewTask;
import io.reelflow.schema.codec.SingleObjectCodec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Moderation at every gate, on real components (Kafka broker, S3 server, the streaming job on a MiniCluster, the
 * built-in model): a refused prompt never reaches generation, a blocklisted input never reaches generation, a
 * blocklisted output never reaches the output bucket, and an output sent to review waits in quarantine until a
 * reviewer approves it. Every gate's decision is on the audit topic.
 */
class ModerationIT {

    private static final String SHAPES = "a green triangle moving left on a black background";

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    @TempDir
    Path dataDir;

    @Test
    void everyGateStopsWhatItMustAndTheReviewLoopReleasesWhatAReviewerApproves() throws Exception {
        GenerationRequest blockedOutput = image("blocked-output", SHAPES, 11L);
        Frames generated = generateDirectly(blockedOutput);
        byte[] badInput = checkerboardPng();
        Path blocklist = dataDir.resolve("blocklist.txt");
        Files.writeString(blocklist, String.join("\n",
                "# the test's known-bad images",
                "phash " + PerceptualHash.hex(PerceptualHash.phash(generated, 0)) + " violence_graphic generated image",
                "phash " + PerceptualHash.hex(PerceptualHash.phash(decodePng(badInput), 0)) + " sexual uploaded input",
                ""));
        ReelflowConfig asked = ConfigLoader.builder()
                .set("kafka.bootstrap-servers", "127.0.0.1:0")
                .set("storage.endpoint", "http://127.0.0.1:0")
                .set("pipeline.checkpoint-interval", "1s")
                .set("moderation.frames.hash-blocklist", blocklist.toString())
                .build();
        List<GenerationRequest> requests = List.of(
                image("blocked-prompt", "a graphic beheading with blood spraying everywhere", 1L),
                blockedOutput,
                imageToVideo("blocked-input", "s3://reelflow-inputs/demo/bad.png"),
                image("held", "a deepfake of joe biden waving, a yellow circle on a blue background", 12L),
                image("allowed", "a red square on a white background", 13L));
        try (LocalServers servers = LocalServers.start(asked, dataDir.resolve("stack"))) {
            ReelflowConfig config = servers.config();
            upload(config, "reelflow-inputs", "demo/bad.png", badInput);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            StreamingGenerationJob.define(env, config);
            JobClient job = env.executeAsync(StreamingGenerationJob.NAME);
            try {
                produce(config, requests);
                List<GenerationResult> results = Outputs.readCommitted(config, config.kafka().topics().results(),
                        GenerationResult.class, 4, Duration.ofMinutes(4));
                List<ReviewTask> reviews = Outputs.readCommitted(config, config.kafka().topics().reviews(),
                        ReviewTask.class, 1, Duration.ofMinutes(1));
                List<GenerationEvent> events = Outputs.readCommitted(config, config.kafka().topics().events(),
                        GenerationEvent.class, Integer.MAX_VALUE, Duration.ofSeconds(5));

                assertThat(results).extracting(GenerationResult::getRequestId, GenerationResult::getStatus)
                        .containsExactlyInAnyOrder(
                                org.assertj.core.groups.Tuple.tuple("blocked-prompt", ResultStatus.REJECTED),
                                org.assertj.core.groups.Tuple.tuple("blocked-output", ResultStatus.REJECTED),
                                org.assertj.core.groups.Tuple.tuple("blocked-input", ResultStatus.REJECTED),
                                org.assertj.core.groups.Tuple.tuple("allowed", ResultStatus.SUCCEEDED));
                assertRefusedBy(result(results, "blocked-prompt"), "prompt", "violence_graphic");
                assertRefusedBy(result(results, "blocked-output"), "output", "violence_graphic");
                assertRefusedBy(result(results, "blocked-input"), "input", "sexual");
                for (String refusedEarly : List.of("blocked-prompt", "blocked-input")) {
                    assertThat(events).filteredOn(e -> e.getRequestId().equals(refusedEarly))
                            .as("no GPU time for %s", refusedEarly)
                            .extracting(GenerationEvent::getType)
                            .doesNotContain(EventType.QUEUED, EventType.SAMPLING, EventType.GENERATED);
                    assertThat(result(results, refusedEarly).getTimingsMs()).doesNotContainKey("sample");
                }
                assertThat(result(results, "blocked-output").getTimingsMs()).containsKey("sample");

                try (MinioClient s3 = Outputs.s3(config)) {
                    String out = config.storage().bucket();
                    String quarantine = config.storage().quarantineBucket();
                    assertThat(keys(s3, out, "demo/blocked-output/")).isEmpty();
                    assertThat(keys(s3, quarantine, "demo/blocked-output/")).isEmpty();
                    assertThat(keys(s3, out, "demo/allowed/")).isNotEmpty();
                    assertThat(keys(s3, out, "demo/held/")).isEmpty();
                    assertThat(keys(s3, quarantine, "demo/held/")).isNotEmpty();

                    ReviewTask held = reviews.get(0);
                    assertThat(held.getRequestId()).isEqualTo("held");
                    assertThat(held.getVerdict().getDecision()).isEqualTo(ModerationDecision.REVIEW);
                    assertThat(events).filteredOn(e -> e.getRequestId().equals("held"))
                            .extracting(GenerationEvent::getType).contains(EventType.HELD_FOR_REVIEW)
                            .doesNotContain(EventType.COMPLETED);

                    GenerationResult approved;
                    try (AssetStore store = AssetStore.builder().storage(config.storage()).build()) {
                        approved = new ReviewDesk(config.kafka(), store, Clock.systemUTC())
                                .approve("demo", "held", "it-reviewer", "a licensed lookalike");
                    }
                    assertThat(approved.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
                    assertThat(keys(s3, quarantine, "demo/held/")).isEmpty();
                    for (OutputAsset asset : approved.getAssets()) {
                        byte[] bytes = Outputs.get(s3, asset.getUri());
                        assertThat(io.reelflow.pipeline.Sha256.hex(bytes)).isEqualTo(asset.getSha256());
                    }
                }

                List<ModerationAudit> audits = Outputs.readCommitted(config, config.kafka().topics().moderation(),
                        ModerationAudit.class, Integer.MAX_VALUE, Duration.ofSeconds(5));
                assertThat(audits).filteredOn(a -> a.getRequestId().equals("allowed"))
                        .extracting(ModerationAudit::getGate)
                        .containsExactlyInAnyOrder(ModerationGate.PROMPT, ModerationGate.OUTPUT);
                assertThat(audits).filteredOn(a -> a.getRequestId().equals("blocked-input"))
                        .extracting(ModerationAudit::getGate)
                        .containsExactlyInAnyOrder(ModerationGate.PROMPT, ModerationGate.INPUT);
                assertThat(audits).filteredOn(a -> a.getRequestId().equals("held"))
                        .extracting(ModerationAudit::getGate)
                        .containsExactlyInAnyOrder(ModerationGate.PROMPT, ModerationGate.OUTPUT, ModerationGate.REVIEW);
                assertThat(audits).allSatisfy(a -> assertThat(a.getVerdict().getChecks()).isNotEmpty());
            } finally {
                job.cancel().get();
            }
        }
    }

    private static void assertRefusedBy(GenerationResult result, String gate, String category) {
        assertThat(result.getErrorCode()).as(result.getRequestId()).isEqualTo("MODERATION_BLOCKED");
        assertThat(result.getModeration().getFindings().get(0).getField()).as(result.getRequestId()).isEqualTo(gate);
        assertThat(result.getModeration().getFindings().get(0).getCategory()).isEqualTo(category);
        assertThat(result.getErrorMessage()).contains(category);
    }

    private static GenerationResult result(List<GenerationResult> results, String requestId) {
        return results.stream().filter(r -> r.getRequestId().equals(requestId)).findFirst().orElseThrow();
    }

    /** The frames the job's model will generate for {@code request}: the same engine, seed and settings. */
    private static Frames generateDirectly(GenerationRequest request) throws Exception {
        ReelflowConfig config = ReelflowConfig.defaults();
        try (GenerationEngine engine = GenerationEngine.builder().config(config).assets(AssetReader.none()).build()) {
            Trace trace = Trace.accepted(request, new SourceRef("test", 0, 0), System.currentTimeMillis());
            GenerateOutcome outcome = engine.submit(trace).get();
            assertThat(outcome).isInstanceOf(GenerateOutcome.Generated.class);
            return ((GenerateOutcome.Generated) outcome).clip().frames();
        }
    }

    private static GenerationRequest image(String id, String prompt, long seed) {
        return GenerationRequest.newBuilder().setRequestId(id).setTenantId("demo").setSubmittedAt(Instant.now())
                .setMode(GenerationMode.TEXT_TO_IMAGE).setPrompt(prompt).setSeed(seed)
                .setWidth(128).setHeight(128).setSteps(4).build();
    }

    private static GenerationRequest imageToVideo(String id, String uri) {
        return GenerationRequest.newBuilder().setRequestId(id).setTenantId("demo").setSubmittedAt(Instant.now())
                .setMode(GenerationMode.IMAGE_TO_VIDEO).setPrompt("the picture comes to life").setSeed(5L)
                .setWidth(128).setHeight(128).setDurationSeconds(1.0).setFps(8).setSteps(4)
                .setInputAssets(List.of(InputAsset.newBuilder().setUri(uri).setRole(AssetRole.FIRST_FRAME).build()))
                .build();
    }

    /** A picture with structure (a flat one has no perceptual hash worth matching). */
    private static byte[] checkerboardPng() throws Exception {
        java.awt.image.BufferedImage image =
                new java.awt.image.BufferedImage(96, 96, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 96; y++) {
            for (int x = 0; x < 96; x++) {
                boolean light = ((x / 24) + (y / 16)) % 2 == 0;
                image.setRGB(x, y, light ? 0xE0C0A0 : 0x302010 + (x * 2));
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", png);
        return png.toByteArray();
    }

    private static Frames decodePng(byte[] png) throws Exception {
        return io.reelflow.operators.encode.MediaReader.read(png).frames();
    }

    private static void upload(ReelflowConfig config, String bucket, String key, byte[] bytes) throws Exception {
        try (MinioClient s3 = Outputs.s3(config)) {
            if (!s3.bucketExists(io.minio.BucketExistsArgs.builder().bucket(bucket).build())) {
                s3.makeBucket(io.minio.MakeBucketArgs.builder().bucket(bucket).build());
            }
            s3.putObject(io.minio.PutObjectArgs.builder().bucket(bucket).object(key)
                    .stream(new java.io.ByteArrayInputStream(bytes), (long) bytes.length, -1L)
                    .contentType("image/png").build());
        }
    }

    private static void produce(ReelflowConfig config, List<GenerationRequest> requests) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        SingleObjectCodec<GenerationRequest> codec = SingleObjectCodec.of(GenerationRequest.class);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (GenerationRequest request : requests) {
                producer.send(new ProducerRecord<>(config.kafka().topics().requests(),
                        request.getRequestId().getBytes(StandardCharsets.UTF_8), codec.encode(request))).get();
            }
        }
    }

    private static List<String> keys(MinioClient s3, String bucket, String prefix) throws Exception {
        List<String> keys = new ArrayList<>();
        for (var item : s3.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
            keys.add(item.get().objectName());
        }
        return keys;
    }
}

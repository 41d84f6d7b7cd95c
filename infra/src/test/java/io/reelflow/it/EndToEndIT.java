package io.reelflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import io.reelflow.config.ConfigLoader;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.infra.local.LocalServers;
import io.reelflow.jobs.StreamingGenerationJob;
import io.reelflow.operators.encode.DecodedMedia;
import io.reelflow.operators.encode.MediaReader;
import io.reelflow.operators.provenance.Manifest;
import io.reelflow.operators.provenance.ManifestVerifier;
import io.reelflow.operators.provenance.SigningKeys;
import io.reelflow.operators.provenance.Verification;
import io.reelflow.operators.store.WatermarkIndex;
import io.reelflow.operators.watermark.Detection;
import io.reelflow.operators.watermark.WatermarkDetector;
import io.reelflow.operators.watermark.WatermarkKey;
import io.reelflow.schema.DeadLetter;
import io.reelflow.schema.GenerationMode;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.OutputAsset;
import io.reelflow.schema.OutputRole;
import io.reelflow.schema.ResultStatus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
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
 * The whole platform on real components: a KRaft Kafka broker, S3Proxy, and the streaming job on a Flink
 * MiniCluster. Twenty requests go in; every valid one must come out as exactly one SUCCEEDED result with decodable,
 * watermarked objects of the requested size, every bad one as a dead letter plus a REJECTED result, and nothing
 * twice when read with read_committed.
 */
class EndToEndIT {

    private static final int FIRST_FRAME_RGB = 0xF08C1E;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
            .build());

    @TempDir
    Path dataDir;

    @Test
    void requestsBecomeStoredWatermarkedMediaAndBadInputBecomesDeadLetters() throws Exception {
        ReelflowConfig asked = ConfigLoader.builder()
                .set("kafka.bootstrap-servers", "127.0.0.1:0")
                .set("storage.endpoint", "http://127.0.0.1:0")
                .set("pipeline.checkpoint-interval", "1s")
                .set("pipeline.parallelism", "2")
                .build();
        List<TestRequests.Sent> sent = TestRequests.all();
        try (LocalServers servers = LocalServers.start(asked, dataDir)) {
            ReelflowConfig config = modelsFromTheStore(servers.config());
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            StreamingGenerationJob.define(env, config);
            JobClient job = env.executeAsync(StreamingGenerationJob.NAME);
            try {
                uploadFirstFrame(config);
                produce(config, sent);
                List<GenerationResult> results = Outputs.readCommitted(config, config.kafka().topics().results(),
                        GenerationResult.class, sent.size(), Duration.ofMinutes(4));
                List<DeadLetter> deadLetters = Outputs.readCommitted(config, config.kafka().topics().deadLetters(),
                        DeadLetter.class, (int) sent.stream().filter(TestRequests.Sent::deadLetter).count(),
                        Duration.ofMinutes(1));

                assertThat(results).as("results (job %s)", describe(job)).hasSize(sent.size());
                assertBadInputIsDeadLettered(sent, results, deadLetters);
                try (MinioClient s3 = Outputs.s3(config)) {
                    for (TestRequests.Sent request : sent) {
                        if (request.succeeds()) {
                            assertStored(s3, config, request, onlySucceeded(results, request.requestId()));
                        }
                    }
                }
                // A few more checkpoints commit nothing new: no duplicates arrive late.
                Thread.sleep(3000);
                assertThat(Outputs.readCommitted(config, config.kafka().topics().results(), GenerationResult.class,
                        Integer.MAX_VALUE, Duration.ofSeconds(5))).hasSize(sent.size());
            } finally {
                job.cancel().get();
            }
        }
    }

    /** The job's state, with its failure if it failed, so a missing result says why. */
    private static String describe(JobClient job) {
        try {
            String status = job.getJobStatus().get().name();
            if (job.getJobStatus().get().isGloballyTerminalState()) {
                job.getJobExecutionResult().get();
            }
            return status;
        } catch (Exception e) {
            java.io.StringWriter trace = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(trace));
            return "failed: " + trace;
        }
    }

    private static void assertBadInputIsDeadLettered(
            List<TestRequests.Sent> sent, List<GenerationResult> results, List<DeadLetter> deadLetters) {
        List<String> expectedCodes = sent.stream().filter(TestRequests.Sent::deadLetter)
                .map(TestRequests.Sent::expectedErrorCode).sorted().toList();
        assertThat(deadLetters).extracting(DeadLetter::getErrorCode).containsExactlyInAnyOrderElementsOf(expectedCodes);
        for (TestRequests.Sent bad : sent.stream().filter(s -> !s.succeeds()).toList()) {
            assertThat(results)
                    .as("REJECTED result for %s", bad.expectedErrorCode())
                    .anySatisfy(r -> {
                        assertThat(r.getStatus()).isEqualTo(ResultStatus.REJECTED);
                        assertThat(r.getErrorCode()).isEqualTo(bad.expectedErrorCode());
                        assertThat(r.getRequestId()).isEqualTo(bad.requestId());
                        assertThat(r.getErrorMessage()).isNotBlank();
                    });
            if (bad.deadLetter()) {
                assertThat(deadLetters)
                        .as("dead letter with the original bytes for %s", bad.expectedErrorCode())
                        .anySatisfy(d -> {
                            assertThat(d.getErrorCode()).isEqualTo(bad.expectedErrorCode());
                            assertThat(bytes(d.getPayload())).isEqualTo(bad.payload());
                            assertThat(d.getSourceTopic()).isEqualTo("reelflow.requests");
                        });
            }
        }
    }

    private static GenerationResult onlySucceeded(List<GenerationResult> results, String requestId) {
        List<GenerationResult> succeeded = results.stream()
                .filter(r -> r.getRequestId().equals(requestId) && r.getStatus() == ResultStatus.SUCCEEDED).toList();
        assertThat(succeeded).as("SUCCEEDED results of %s", requestId).hasSize(1);
        return succeeded.get(0);
    }

    private static void assertStored(MinioClient s3, ReelflowConfig config, TestRequests.Sent sent, GenerationResult result)
            throws Exception {
        GenerationRequest request = sent.request();
        boolean video = request.getMode().name().endsWith("VIDEO");
        io.reelflow.model.ModelManifest model = io.reelflow.model.ModelCatalog.of(config)
                .find(result.getModel().getId()).orElseThrow();
        assertThat(result.getModel().getTrained()).as("results say whether the model is trained").isEqualTo(model.trained());
        assertThat(result.getModel().getWeightsSha256() == null).isEqualTo(model.weights() == null);
        assertThat(result.getWatermarkId()).matches("[0-9a-f]{16}");
        assertThat(result.getAssets()).extracting(OutputAsset::getRole)
                .containsExactlyInAnyOrderElementsOf(video ? List.of(OutputRole.PRIMARY, OutputRole.POSTER) : List.of(OutputRole.PRIMARY));
        String prefix = request.getTenantId() + "/" + request.getRequestId() + "/";
        assertThat(keys(s3, config.storage().bucket(), prefix)).as("objects and their manifests under " + prefix)
                .hasSize(2 * result.getAssets().size());

        WatermarkDetector detector = WatermarkDetector.builder()
                .key(WatermarkKey.fromSecret(config.watermark().secret())).build();
        // Trust exactly the key the store published, as an outside verifier would.
        String published = new String(Outputs.get(s3, "s3://" + config.storage().bucket() + "/"
                + io.reelflow.operators.store.AssetStore.PUBLIC_KEY_KEY), StandardCharsets.US_ASCII);
        assertThat(published).isEqualTo(config.provenance().publicKeyPem());
        ManifestVerifier verifier = new ManifestVerifier(List.of(SigningKeys.publicKey(published)));
        for (OutputAsset asset : result.getAssets()) {
            byte[] bytes = Outputs.get(s3, asset.getUri());
            assertThat(asset.getUri()).startsWith("s3://" + config.storage().bucket() + "/" + prefix);
            assertThat(asset.getBytes()).isEqualTo(bytes.length);
            assertThat(asset.getSha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
            DecodedMedia media = MediaReader.read(bytes);
            assertThat(media.frames().width()).as(asset.getUri()).isEqualTo(request.getWidth());
            assertThat(media.frames().height()).as(asset.getUri()).isEqualTo(request.getHeight());
            if (asset.getRole() == OutputRole.PRIMARY && request.getMode() == GenerationMode.IMAGE_TO_VIDEO) {
                assertStartsWithTheFirstFrame(media);
            }
            if (asset.getRole() == OutputRole.PRIMARY) {
                assertThat(media.frames().count()).as(asset.getUri()).isEqualTo(expectedFrames(request, config));
                assertThat(asset.getFrames()).isEqualTo(expectedFrames(request, config));
                Detection detection = detector.detect(media.frames());
                assertThat(detection.detected()).as("watermark in %s: %s", asset.getUri(), detection).isTrue();
                assertThat(detection.watermarkId()).isEqualTo(result.getWatermarkId());
                if (Math.min(request.getWidth(), request.getHeight()) >= REENCODED_MIN_SIDE) {
                    assertReencodedCopyIsStillIdentified(detector, asset, bytes, result, verifier);
                }
            }
            assertSignedProvenance(s3, verifier, asset, bytes, result);
        }
        try (WatermarkIndex index = WatermarkIndex.of(config.storage())) {
            assertThat(index.lookup(result.getWatermarkId())).as("index entry of %s", result.getWatermarkId())
                    .contains(WatermarkIndex.Entry.of(result));
        }
    }

    /** Shortest side from which a re-encoded copy must still carry the watermark (the mark reads from ~128 px). */
    private static final int REENCODED_MIN_SIDE = 180;

    /** The embedded manifest and its sidecar vouch for the stored bytes, signed by the deployment's published key. */
    private static void assertSignedProvenance(MinioClient s3, ManifestVerifier verifier, OutputAsset asset,
            byte[] bytes, GenerationResult result) throws Exception {
        Verification embedded = verifier.verify(bytes, null);
        assertThat(embedded.status()).as("%s: %s", asset.getUri(), embedded.message())
                .isEqualTo(Verification.Status.VERIFIED);
        assertThat(embedded.embedded()).isTrue();
        assertThat(embedded.manifest().watermarkId()).contains(result.getWatermarkId());
        assertThat(embedded.manifest().assertion(Manifest.GENERATION).orElseThrow().path("request_id").asText())
                .isEqualTo(result.getRequestId());
        assertThat(asset.getManifestUri()).isEqualTo(asset.getUri() + ".manifest.json");
        byte[] sidecar = Outputs.get(s3, asset.getManifestUri());
        assertThat(ManifestVerifier.embeddedManifest(bytes).orElseThrow()).isEqualTo(sidecar);
    }

    /**
     * A copy re-encoded by FFmpeg with another codec (or saved as JPEG) loses the manifest but not the watermark, and
     * the watermark id leads back to the same request.
     */
    private static void assertReencodedCopyIsStillIdentified(WatermarkDetector detector, OutputAsset asset,
            byte[] bytes, GenerationResult result, ManifestVerifier verifier) throws Exception {
        byte[] copy = asset.getContentType().startsWith("video/")
                ? Reencode.asMpeg4(bytes, 400_000)
                : Reencode.asJpeg(bytes, 0.75f);
        Detection detection = detector.detect(MediaReader.read(copy).frames());
        assertThat(detection.detected()).as("watermark in a re-encoded copy of %s: %s", asset.getUri(), detection)
                .isTrue();
        assertThat(detection.watermarkId()).isEqualTo(result.getWatermarkId());
        assertThat(verifier.verify(copy, null).status()).isEqualTo(Verification.Status.MISSING);
    }

    /** Frame 0 of an image-to-video output is the given image (flat orange), through watermark and H.264. */
    private static void assertStartsWithTheFirstFrame(DecodedMedia media) {
        byte[] rgb = media.frames().rgb();
        long[] sums = new long[3];
        int pixels = media.frames().width() * media.frames().height();
        for (int i = 0; i < pixels * 3; i += 3) {
            for (int c = 0; c < 3; c++) {
                sums[c] += rgb[i + c] & 0xFF;
            }
        }
        int[] expected = {(FIRST_FRAME_RGB >> 16) & 0xFF, (FIRST_FRAME_RGB >> 8) & 0xFF, FIRST_FRAME_RGB & 0xFF};
        for (int c = 0; c < 3; c++) {
            assertThat((double) sums[c] / pixels).as("mean of channel %d in frame 0", c).isCloseTo(expected[c], within(6.0));
        }
    }

    private static int expectedFrames(GenerationRequest request, ReelflowConfig config) {
        if (!request.getMode().name().endsWith("VIDEO")) {
            return 1;
        }
        if (request.getFrames() != null) {
            return request.getFrames();
        }
        int fps = request.getFps() != null ? request.getFps() : config.limits().defaultFps();
        return (int) Math.round(request.getDurationSeconds() * fps);
    }

    /** A flat orange 64x64 PNG in the shared input bucket, for the image-to-video request. */
    private static void uploadFirstFrame(ReelflowConfig config) throws Exception {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(64, 64, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                image.setRGB(x, y, FIRST_FRAME_RGB);
            }
        }
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", png);
        String bucket = "reelflow-inputs";
        try (MinioClient s3 = Outputs.s3(config)) {
            if (!s3.bucketExists(io.minio.BucketExistsArgs.builder().bucket(bucket).build())) {
                s3.makeBucket(io.minio.MakeBucketArgs.builder().bucket(bucket).build());
            }
            s3.putObject(io.minio.PutObjectArgs.builder().bucket(bucket).object("demo/first.png")
                    .stream(new java.io.ByteArrayInputStream(png.toByteArray()), (long) png.size(), -1L)
                    .contentType("image/png").build());
        }
    }

    /**
     * Publishes the built-in models to the object store and points the job at them there, as production does
     * with MinIO: every TaskManager loads the model from {@code s3://}.
     */
    private static ReelflowConfig modelsFromTheStore(ReelflowConfig config) throws Exception {
        String bucket = "reelflow-models";
        io.reelflow.model.ModelCatalog builtIn = io.reelflow.model.ModelCatalog.of(config);
        String id = config.generation().defaultModel();
        try (MinioClient s3 = Outputs.s3(config)) {
            s3.makeBucket(io.minio.MakeBucketArgs.builder().bucket(bucket).build());
            for (String file : List.of("model.json", builtIn.find(id).orElseThrow().weights())) {
                byte[] bytes;
                try (java.io.InputStream in = builtIn.open(id, file).orElseThrow()) {
                    bytes = in.readAllBytes();
                }
                s3.putObject(io.minio.PutObjectArgs.builder().bucket(bucket).object("released/" + id + "/" + file)
                        .stream(new java.io.ByteArrayInputStream(bytes), (long) bytes.length, -1L).build());
            }
        }
        io.reelflow.config.GenerationConfig generation = config.generation();
        return new ReelflowConfig(config.kafka(), config.storage(), config.limits(), config.tenants(),
                config.moderation(), generation.withModelRepository("s3://" + bucket + "/released"),
                config.watermark(), config.encode(), config.provenance(), config.pipeline(), config.local());
    }

    private static void produce(ReelflowConfig config, List<TestRequests.Sent> sent) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (TestRequests.Sent s : sent) {
                byte[] key = s.requestId().isEmpty() ? null : s.requestId().getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(config.kafka().topics().requests(), key, s.payload())).get();
            }
        }
    }

    private static List<String> keys(MinioClient s3, String bucket, String prefix) throws Exception {
        List<String> keys = new ArrayList<>();
        for (Result<Item> item : s3.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
            keys.add(item.get().objectName());
        }
        return keys;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}

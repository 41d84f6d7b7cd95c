package io.reelflow.operators.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.reelflow.config.StorageConfig;
import io.reelflow.pipeline.Encoded;
import io.reelflow.pipeline.EncodedFile;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.Stages;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.OutputAsset;
import io.reelflow.schema.OutputRole;
import io.reelflow.schema.ResultStatus;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.S3Exceptions;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

class AssetStoreTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    private static S3ProxyServer server;
    private static StoredObjects objects;
    private static int buckets;

    private final List<Long> pauses = new ArrayList<>();
    private String bucket;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.start();
        objects = new StoredObjects(server);
    }

    @AfterAll
    static void stopServer() throws Exception {
        objects.close();
        server.close();
    }

    @BeforeEach
    void freshBucket() {
        bucket = "outputs-" + ++buckets;
    }

    @Test
    void storesEveryFileUnderTheRequestPrefixWithHashSizeAndMetadata() throws Exception {
        Encoded encoded = TestEncoded.video("demo", "req-1", "a");

        StoreOutcome outcome;
        try (AssetStore store = open(server.storage(bucket))) {
            outcome = store.store(encoded);
        }

        assertThat(outcome).isInstanceOf(StoreOutcome.Stored.class);
        GenerationResult result = outcome.result();
        assertThat(result.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(result.getCompletedAt()).isEqualTo(NOW);
        assertThat(result.getWatermarkId()).isEqualTo("00112233aabbccdd");
        assertThat(result.getTimingsMs()).containsKeys("encode", Stages.STORE);
        assertThat(((StoreOutcome.Stored) outcome).objects()).isEqualTo(2);
        assertThat(result.getAssets()).extracting(OutputAsset::getUri).containsExactly(
                "s3://" + bucket + "/demo/req-1/video.mp4", "s3://" + bucket + "/demo/req-1/poster.png");

        for (int i = 0; i < 2; i++) {
            EncodedFile file = encoded.files().get(i);
            OutputAsset asset = result.getAssets().get(i);
            assertThat(asset.getRole()).isEqualTo(file.role());
            assertThat(asset.getBytes()).isEqualTo(file.bytes().length);
            assertThat(asset.getSha256()).isEqualTo(sha256(file.bytes()));
            assertThat(asset.getWidth()).isEqualTo(320);
            assertThat(asset.getFrames()).isEqualTo(file.frames());
            assertThat(asset.getDurationSeconds()).isEqualTo(file.durationSeconds());

            assertThat(objects.bytes(asset.getUri())).isEqualTo(file.bytes());
            assertThat(objects.stat(asset.getUri()).contentType()).isEqualTo(file.contentType());
            assertThat(objects.metadata(asset.getUri()))
                    .containsEntry("request-id", "req-1")
                    .containsEntry("tenant-id", "demo")
                    .containsEntry("watermark-id", "00112233aabbccdd")
                    .containsEntry("model-id", "reelflow-dit-xs")
                    .containsEntry("sha256", sha256(file.bytes()));
        }
    }

    @Test
    void storesEachSignedFilesManifestBesideIt() throws Exception {
        Encoded unsigned = TestEncoded.video("demo", "req-signed", "a");
        byte[] manifest = "{\"claim\":{}}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Encoded signed = new Encoded(unsigned.trace(), List.of(
                unsigned.files().get(0).signed(unsigned.files().get(0).bytes(), manifest),
                unsigned.files().get(1)));

        GenerationResult result;
        try (AssetStore store = open(server.storage(bucket))) {
            result = store.store(signed).result();
        }

        OutputAsset video = result.getAssets().get(0);
        assertThat(video.getManifestUri()).isEqualTo(video.getUri() + ".manifest.json");
        assertThat(objects.bytes(video.getManifestUri())).isEqualTo(manifest);
        assertThat(objects.stat(video.getManifestUri()).contentType()).isEqualTo("application/json");
        assertThat(result.getAssets().get(1).getManifestUri()).isNull();
        assertThat(objects.keys(bucket)).filteredOn(k -> k.startsWith("demo/")).containsExactlyInAnyOrder(
                "demo/req-signed/video.mp4",
                "demo/req-signed/video.mp4.manifest.json", "demo/req-signed/poster.png");
    }

    @Test
    void aFileNamedLikeAnotherFilesManifestFailsTheRequestBeforeAnythingIsWritten() throws Exception {
        Encoded unsigned = TestEncoded.video("demo", "req-clash", "a");
        EncodedFile video = unsigned.files().get(0);
        EncodedFile clash = TestEncoded.file("video.mp4.manifest.json", OutputRole.POSTER, "application/json", "{}",
                1, 0);
        Encoded clashing = new Encoded(unsigned.trace(), List.of(video.signed(video.bytes(), new byte[] {'{', '}'}),
                clash));

        StoreOutcome outcome;
        try (AssetStore store = open(server.storage(bucket))) {
            outcome = store.store(clashing);
        }

        assertThat(outcome.result().getErrorCode()).isEqualTo("STORE_FAILED");
        assertThat(outcome.result().getErrorMessage()).contains("both named demo/req-clash/video.mp4.manifest.json");
        assertThat(objects.keys(bucket)).isEmpty();
    }

    @Test
    void storesALargeVideoIntactInOnePut() throws Exception {
        byte[] video = new byte[12 * 1024 * 1024 + 17];
        new Random(7).nextBytes(video);
        EncodedFile primary = new EncodedFile("video.mp4", OutputRole.PRIMARY, "video/mp4", video, 1920, 1080, 1440, 60);
        AtomicInteger multipartUploads = new AtomicInteger();
        BlobStore counting = new ForwardingBlobStore(new TransientNio2BlobStore()) {
            @Override
            public MultipartUpload initiateMultipartUpload(CreateMultipartUploadRequest request) {
                multipartUploads.incrementAndGet();
                return super.initiateMultipartUpload(request);
            }
        };

        try (S3ProxyServer countingServer = S3ProxyServer.start(counting, 0);
                StoredObjects stored = new StoredObjects(countingServer);
                AssetStore store = open(countingServer.storage(bucket))) {
            OutputAsset asset = store.store(new Encoded(TestEncoded.trace("demo", "long"), List.of(primary)))
                    .result().getAssets().get(0);

            // One PUT per object: a failed attempt leaves no half-finished multipart upload behind.
            assertThat(multipartUploads).hasValue(0);
            assertThat(asset.getBytes()).isEqualTo(video.length);
            assertThat(asset.getSha256()).isEqualTo(sha256(video));
            assertThat(stored.bytes(asset.getUri())).isEqualTo(video);
        }
    }

    @Test
    void replayOverwritesTheSameObjectsInsteadOfAddingNewOnes() throws Exception {
        try (AssetStore store = open(server.storage(bucket))) {
            store.store(TestEncoded.video("demo", "req-1", "first"));
            GenerationResult replay = store.store(TestEncoded.video("demo", "req-1", "replayed")).result();

            assertThat(objects.keys(bucket)).containsExactlyInAnyOrder(
                    "demo/req-1/video.mp4", "demo/req-1/poster.png", "_index/watermarks/00112233aabbccdd.json");
            assertThat(new String(objects.bytes(replay.getAssets().get(0).getUri()))).isEqualTo("mp4 bytes replayed");
        }
    }

    static Stream<Arguments> hostileIds() {
        return Stream.of(
                Arguments.of("..", "req-1", "video.mp4"),
                Arguments.of("demo", "../other", "video.mp4"),
                Arguments.of("demo", "a/b", "video.mp4"),
                Arguments.of("demo", "a\\b", "video.mp4"),
                Arguments.of("demo", "req-1", ".."),
                Arguments.of("demo", "req-1", "sub/video.mp4"),
                Arguments.of("demo", "req\u00001", "video.mp4"),
                Arguments.of("demo", "req-1", "video\n.mp4"),
                Arguments.of("de mo", "req-1", "video.mp4"),
                Arguments.of("demo", "", "video.mp4"));
    }

    @ParameterizedTest
    @MethodSource("hostileIds")
    void refusesIdsThatCouldEscapeTheRequestPrefixBeforeWritingAnything(
            String tenant, String requestId, String fileName) throws Exception {
        Encoded encoded = new Encoded(TestEncoded.trace(tenant, requestId), List.of(
                TestEncoded.file("poster.png", OutputRole.POSTER, "image/png", "png", 1, 0),
                TestEncoded.file(fileName, OutputRole.PRIMARY, "video/mp4", "mp4", 24, 2)));

        try (AssetStore store = open(server.storage(bucket))) {
            StoreOutcome outcome = store.store(encoded);

            assertThat(outcome).isInstanceOf(StoreOutcome.Failed.class);
            assertThat(outcome.result().getStatus()).isEqualTo(ResultStatus.FAILED);
            assertThat(outcome.result().getErrorCode()).isEqualTo(ErrorCode.INVALID_FIELD.name());
            assertThat(outcome.result().getErrorMessage()).contains("not a safe object key segment");
            assertThat(outcome.result().getAssets()).isEmpty();
            assertThat(objects.keys(bucket)).isEmpty();
        }
    }

    @Test
    void createsAMissingOutputBucketOnOpenAndAcceptsAnExistingOne() throws Exception {
        assertThat(bucketExists("fresh")).isFalse();

        try (AssetStore first = open(server.storage("fresh")); AssetStore second = open(server.storage("fresh"))) {
            assertThat(bucketExists("fresh")).isTrue();
            assertThat(second.store(TestEncoded.video("demo", "req-1", "a")).result().getStatus())
                    .isEqualTo(ResultStatus.SUCCEEDED);
        }

        objects.client().makeBucket(MakeBucketArgs.builder().bucket("made-by-someone-else").build());
        try (AssetStore store = open(server.storage("made-by-someone-else"))) {
            assertThat(bucketExists("made-by-someone-else")).isTrue();
        }
    }

    @Test
    void retriesServerErrorsWithBackoffAndSucceeds() throws Exception {
        FailingPuts flaky = new FailingPuts(new TransientNio2BlobStore(), 503, 2);
        try (S3ProxyServer flakyServer = S3ProxyServer.start(flaky, 0);
                AssetStore store = open(flakyServer.storage(bucket))) {
            StoreOutcome outcome = store.store(TestEncoded.video("demo", "req-1", "a"));

            assertThat(outcome.result().getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
            assertThat(flaky.puts.get()).isEqualTo(5); // video: fails twice, then stored; poster and index: stored
            assertThat(pauses).containsExactly(200L, 400L);
        }
    }

    @Test
    void doesNotRetryErrorsThatAnotherAttemptCannotFix() throws Exception {
        FailingPuts denying = new FailingPuts(new TransientNio2BlobStore(), 403, Integer.MAX_VALUE);
        try (S3ProxyServer denyingServer = S3ProxyServer.start(denying, 0);
                AssetStore store = open(denyingServer.storage(bucket))) {
            StoreOutcome outcome = store.store(TestEncoded.video("demo", "req-1", "a"));

            assertThat(outcome.result().getStatus()).isEqualTo(ResultStatus.FAILED);
            assertThat(outcome.result().getErrorCode()).isEqualTo(ErrorCode.STORE_FAILED.name());
            assertThat(outcome.result().getErrorMessage())
                    .startsWith("upload of s3://" + bucket + "/demo/req-1/video.mp4 failed after 1 attempt: AccessDenied");
            assertThat(denying.puts.get()).isEqualTo(1);
            assertThat(pauses).isEmpty();
        }
    }

    @Test
    void aStoreDownThroughEveryAttemptIsUnavailableNotAFailedRequest() throws Exception {
        S3ProxyServer doomed = S3ProxyServer.start();
        try (AssetStore store = open(doomed.storage(bucket))) {
            doomed.close();

            assertThatThrownBy(() -> store.store(TestEncoded.video("demo", "req-1", "a")))
                    .isInstanceOf(AssetStore.Unavailable.class)
                    .hasMessageStartingWith("request demo/req-1: upload of s3://" + bucket
                            + "/demo/req-1/video.mp4 failed after 5 attempts: ")
                    .hasMessageContaining("onnect");
            assertThat(pauses).containsExactly(200L, 400L, 800L, 1600L);
        }
    }

    @Test
    void aStoreThatAnswersButKeepsFailingOneRequestsWriteEndsThatRequestFailedInsteadOfFailingTheTask()
            throws Exception {
        FailingPuts oneKey = new FailingPuts(new TransientNio2BlobStore(), 500, Integer.MAX_VALUE, "demo/req-poison/");
        try (S3ProxyServer oneKeyServer = S3ProxyServer.start(oneKey, 0);
                AssetStore store = open(oneKeyServer.storage(bucket))) {
            StoreOutcome poisoned = store.store(TestEncoded.video("demo", "req-poison", "a"));
            StoreOutcome next = store.store(TestEncoded.video("demo", "req-next", "b"));

            assertThat(poisoned).isInstanceOf(StoreOutcome.Failed.class);
            assertThat(poisoned.result().getErrorCode()).isEqualTo(ErrorCode.STORE_FAILED.name());
            // S3Proxy answers this 500 without an S3 error body, as a proxy's error page would be
            assertThat(poisoned.result().getErrorMessage()).startsWith("upload of s3://" + bucket
                    + "/demo/req-poison/video.mp4 failed after 5 attempts: InvalidResponseException: Non-XML response"
                    + " from server. Response code: 500");
            assertThat(pauses).containsExactly(200L, 400L, 800L, 1600L);
            assertThat(next.result().getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
            assertThat(oneKey.puts.get()).isEqualTo(5 + 3); // the poisoned video's attempts; the next request's 3 objects
        }
    }

    @Test
    void aStoreAnsweringEveryCallWithServiceUnavailableIsUnavailable() throws Exception {
        AtomicBoolean overloaded = new AtomicBoolean();
        BlobStore overloading = new ForwardingBlobStore(new TransientNio2BlobStore()) {
            @Override
            public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
                if (overloaded.get()) {
                    throw S3Exceptions.fromStatusCode(503);
                }
                return super.putBlob(request, content);
            }

            @Override
            public HeadBucketResponse headBucket(HeadBucketRequest request) {
                if (overloaded.get()) {
                    throw S3Exceptions.fromStatusCode(503);
                }
                return super.headBucket(request);
            }
        };
        try (S3ProxyServer overloadedServer = S3ProxyServer.start(overloading, 0);
                AssetStore store = open(overloadedServer.storage(bucket))) {
            overloaded.set(true);

            assertThatThrownBy(() -> store.store(TestEncoded.video("demo", "req-1", "a")))
                    .isInstanceOf(AssetStore.Unavailable.class)
                    .hasMessageContaining("failed after 5 attempts: ");
        }
    }

    @Test
    void openFailsWithTheEndpointWhenTheStoreIsUnreachable() throws Exception {
        S3ProxyServer doomed = S3ProxyServer.start();
        StorageConfig storage = doomed.storage(bucket);
        doomed.close();

        assertThatThrownBy(() -> open(storage))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(storage.endpoint())
                .hasMessageContaining("creating bucket " + bucket + " failed after 5 attempts");
    }

    @Test
    void builderRejectsUnusableSettings() {
        StorageConfig good = server.storage(bucket);
        StorageConfig noAttempts = new StorageConfig(good.endpoint(), good.region(), good.accessKey(),
                good.secretKey(), good.bucket(), good.quarantineBucket(), good.inputBuckets(), 0);
        StorageConfig badEndpoint = new StorageConfig("127.0.0.1:9000", good.region(), good.accessKey(),
                good.secretKey(), good.bucket(), good.quarantineBucket(), good.inputBuckets(), 3);

        assertThatThrownBy(() -> AssetStore.builder().storage(noAttempts).build())
                .hasMessageContaining("storage.upload-attempts must be at least 1");
        assertThatThrownBy(() -> AssetStore.builder().storage(badEndpoint).build())
                .hasMessageContaining("storage.endpoint must be an http(s) URL");
        StorageConfig badBucket = new StorageConfig(good.endpoint(), good.region(), good.accessKey(),
                good.secretKey(), "Not_A_Bucket", good.quarantineBucket(), good.inputBuckets(), 3);
        assertThatThrownBy(() -> AssetStore.builder().storage(badBucket).build())
                .hasMessageContaining("storage.bucket: bucket name 'Not_A_Bucket'");
        assertThatThrownBy(() -> AssetStore.builder().build()).hasMessageContaining("storage");
    }

    private AssetStore open(StorageConfig storage) throws InterruptedException {
        AssetStore store = AssetStore.builder()
                .storage(storage)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .sleeper(pauses::add)
                .build();
        store.open();
        return store;
    }

    private boolean bucketExists(String bucket) throws Exception {
        return objects.client().bucketExists(BucketExistsArgs.builder().bucket(bucket).build());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}

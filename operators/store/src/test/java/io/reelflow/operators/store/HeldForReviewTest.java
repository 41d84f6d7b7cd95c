package io.reelflow.operators.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelflow.config.StorageConfig;
import io.reelflow.operators.store.internal.ObjectKeys;
import io.reelflow.pipeline.Encoded;
import io.reelflow.pipeline.Trace;
import io.reelflow.schema.ModerationDecision;
import io.reelflow.schema.ModerationFinding;
import io.reelflow.schema.ModerationVerdict;
import io.reelflow.schema.OutputAsset;
import io.reelflow.schema.ResultStatus;
import io.reelflow.schema.ReviewTask;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Requests a moderation gate sent to review: quarantined, then released to the output bucket or discarded. */
class HeldForReviewTest {

    private static S3ProxyServer server;
    private static StoredObjects objects;
    private static int runs;

    private StorageConfig storage;

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
    void freshBuckets() {
        StorageConfig s = server.storage("outputs-held-" + ++runs);
        storage = new StorageConfig(s.endpoint(), s.region(), s.accessKey(), s.secretKey(), s.bucket(),
                "quarantine-" + runs, s.inputBuckets(), s.uploadAttempts());
    }

    @Test
    void aHeldRequestIsWrittenOnlyToQuarantineWithTheResultApprovalWillPublish() throws Exception {
        StoreOutcome outcome;
        try (AssetStore store = open()) {
            outcome = store.store(held("req-held"));
        }

        assertThat(outcome).isInstanceOf(StoreOutcome.Held.class);
        ReviewTask task = ((StoreOutcome.Held) outcome).task();
        assertThat(objects.keys(storage.bucket())).noneMatch(k -> k.startsWith("demo/"))
                .doesNotContain(ObjectKeys.watermarkIndex("00112233aabbccdd"));
        assertThat(objects.keys(storage.quarantineBucket())).containsExactlyInAnyOrder(
                "demo/req-held/video.mp4.manifest.json", "demo/req-held/video.mp4", "demo/req-held/poster.png");
        assertThat(task.getQuarantined()).containsExactly(
                q("demo/req-held/video.mp4.manifest.json"), q("demo/req-held/video.mp4"), q("demo/req-held/poster.png"));
        assertThat(task.getResult().getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(task.getResult().getAssets()).extracting(OutputAsset::getUri).containsExactly(
                o("demo/req-held/video.mp4"), o("demo/req-held/poster.png"));
        assertThat(task.getResult().getAssets().get(0).getManifestUri()).isEqualTo(o("demo/req-held/video.mp4.manifest.json"));
        assertThat(task.getVerdict().getDecision()).isEqualTo(ModerationDecision.REVIEW);
        assertThat(task.getPrompt()).isEqualTo("a lighthouse at dusk");
    }

    @Test
    void releaseMovesEveryObjectToTheOutputBucketWithItsIndexEntryAndIsSafeToRepeat() throws Exception {
        try (AssetStore store = open()) {
            ReviewTask task = ((StoreOutcome.Held) store.store(held("req-ok"))).task();
            byte[] video = objects.bytes(q("demo/req-ok/video.mp4"));

            store.release(task);
            store.release(task); // a reviewer retrying after a failure part-way

            assertThat(objects.keys(storage.quarantineBucket())).isEmpty();
            assertThat(objects.keys(storage.bucket())).contains("demo/req-ok/video.mp4",
                    "demo/req-ok/video.mp4.manifest.json", "demo/req-ok/poster.png",
                    ObjectKeys.watermarkIndex("00112233aabbccdd"));
            assertThat(objects.bytes(o("demo/req-ok/video.mp4"))).isEqualTo(video);
            assertThat(objects.metadata(o("demo/req-ok/video.mp4"))).containsEntry("request-id", "req-ok");
            for (OutputAsset asset : task.getResult().getAssets()) {
                assertThat(io.reelflow.pipeline.Sha256.hex(objects.bytes(asset.getUri())))
                        .isEqualTo(asset.getSha256());
            }
        }
    }

    @Test
    void discardDeletesTheQuarantinedObjectsAndNothingElse() throws Exception {
        try (AssetStore store = open()) {
            store.store(held("req-keep"));
            ReviewTask task = ((StoreOutcome.Held) store.store(held("req-bad"))).task();

            store.discard(task);
            store.discard(task);

            assertThat(objects.keys(storage.quarantineBucket())).allMatch(k -> k.startsWith("demo/req-keep/"))
                    .hasSize(3);
            assertThat(objects.keys(storage.bucket())).noneMatch(k -> k.startsWith("demo/"));
        }
    }

    @Test
    void refusesToReleaseObjectsOutsideTheQuarantineBucketOrTheRequestsPrefix() throws Exception {
        try (AssetStore store = open()) {
            ReviewTask task = ((StoreOutcome.Held) store.store(held("req-x"))).task();
            ReviewTask forged = ReviewTask.newBuilder(task)
                    .setQuarantined(List.of("s3://other-tenant-bucket/acme/secret.mp4")).build();
            ReviewTask another = ReviewTask.newBuilder(task)
                    .setQuarantined(List.of(q("acme/req-9/video.mp4"))).build();

            assertThatThrownBy(() -> store.release(forged)).hasMessageContaining("not in the quarantine bucket");
            assertThatThrownBy(() -> store.discard(another)).hasMessageContaining("not one of request demo/req-x's");
        }
    }

    @Test
    void discardAlsoRemovesCopiesAnOvertakenApprovalLeftInTheOutputBucket() throws Exception {
        try (AssetStore store = open()) {
            ReviewTask task = ((StoreOutcome.Held) store.store(held("req-race"))).task();
            store.release(task); // an approval that copied, then lost to a rejection
            store.store(held("req-race")); // quarantined again, as a replay would

            store.discard(task);

            assertThat(objects.keys(storage.bucket())).noneMatch(k -> k.startsWith("demo/req-race/"))
                    .doesNotContain(ObjectKeys.watermarkIndex("00112233aabbccdd"));
            assertThat(objects.keys(storage.quarantineBucket())).noneMatch(k -> k.startsWith("demo/req-race/"));
        }
    }

    @Test
    void theQuarantineBucketMustDifferFromTheOutputBucket() {
        StorageConfig same = new StorageConfig(storage.endpoint(), storage.region(), storage.accessKey(),
                storage.secretKey(), storage.bucket(), storage.bucket(), storage.inputBuckets(), 3);

        assertThatThrownBy(() -> AssetStore.builder().storage(same).build())
                .hasMessageContaining("storage.quarantine-bucket must differ");
    }

    private AssetStore open() throws InterruptedException {
        AssetStore store = AssetStore.builder().storage(storage).build();
        store.open();
        return store;
    }

    private static Encoded held(String requestId) {
        Encoded unsigned = TestEncoded.video("demo", requestId, "a");
        ModerationVerdict review = ModerationVerdict.newBuilder()
                .setDecision(ModerationDecision.REVIEW)
                .setPolicyVersion("test-1")
                .setFindings(List.of(ModerationFinding.newBuilder().setCategory("public_figure_likeness")
                        .setScore(0.8).setDecision(ModerationDecision.REVIEW).setField("prompt")
                        .setEvidence("deepfake").build()))
                .build();
        Trace trace = unsigned.trace().withModeration(review);
        byte[] manifest = "{\"claim\":{}}".getBytes(StandardCharsets.UTF_8);
        return new Encoded(trace, List.of(
                unsigned.files().get(0).signed(unsigned.files().get(0).bytes(), manifest), unsigned.files().get(1)));
    }

    private String q(String key) {
        return "s3://" + storage.quarantineBucket() + "/" + key;
    }

    private String o(String key) {
        return "s3://" + storage.bucket() + "/" + key;
    }
}

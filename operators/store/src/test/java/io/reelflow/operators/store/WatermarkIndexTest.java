package io.reelflow.operators.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelflow.config.StorageConfig;
import io.reelflow.pipeline.Encoded;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.ObjectWrite;
import io.reelflow.pipeline.Trace;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ResultStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store stage's watermark index entries, written by {@link AssetStore} and read by {@link WatermarkIndex}. */
class WatermarkIndexTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final String ID = "00112233aabbccdd";
    private static final String KEY = "_index/watermarks/" + ID + ".json";

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
        bucket = "index-" + ++buckets;
    }

    @Test
    void storesAnEntryNamingTheRequestAndItsAssetsThatLookupReadsBack() throws Exception {
        Encoded encoded = inCampaign(TestEncoded.video("demo", "req-1", "a"), "autumn-sale");

        GenerationResult result;
        try (AssetStore store = open(server.storage(bucket), NOW)) {
            result = store.store(encoded).result();
        }

        assertThat(result.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        String uri = "s3://" + bucket + "/" + KEY;
        assertThat(objects.stat(uri).contentType()).isEqualTo("application/json");
        assertThat(objects.metadata(uri)).containsEntry("watermark-id", ID).containsEntry("request-id", "req-1");
        JsonNode json = new ObjectMapper().readTree(objects.bytes(uri));
        assertThat(json.get("watermark_id").asText()).isEqualTo(ID);
        assertThat(json.get("tenant_id").asText()).isEqualTo("demo");
        assertThat(json.get("request_id").asText()).isEqualTo("req-1");
        assertThat(json.get("campaign_id").asText()).isEqualTo("autumn-sale");
        assertThat(json.get("created_at").asText()).isEqualTo("2026-11-24T12:00:00Z");
        assertThat(json.get("assets")).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(json.get("assets").get(i).get("uri").asText()).isEqualTo(result.getAssets().get(i).getUri());
            assertThat(json.get("assets").get(i).get("sha256").asText()).isEqualTo(result.getAssets().get(i).getSha256());
        }

        try (WatermarkIndex index = WatermarkIndex.of(server.storage(bucket))) {
            assertThat(index.lookup(ID)).contains(WatermarkIndex.Entry.of(result));
            assertThat(index.lookup("ffffffffffffffff")).isEmpty();
        }
    }

    @Test
    void aReplayOverwritesTheEntryWithTheSameContentApartFromTheTime() throws Exception {
        Instant later = NOW.plusSeconds(90);
        try (AssetStore first = open(server.storage(bucket), NOW); AssetStore replay = open(server.storage(bucket), later)) {
            first.store(TestEncoded.video("demo", "req-1", "a"));
            String before = new String(objects.bytes("s3://" + bucket + "/" + KEY), StandardCharsets.UTF_8);
            replay.store(TestEncoded.video("demo", "req-1", "a"));
            String after = new String(objects.bytes("s3://" + bucket + "/" + KEY), StandardCharsets.UTF_8);

            assertThat(objects.keys(bucket)).filteredOn(k -> k.startsWith("_index/")).containsExactly(KEY);
            assertThat(after).isNotEqualTo(before).isEqualTo(before.replace(NOW.toString(), later.toString()));
        }
        try (WatermarkIndex index = WatermarkIndex.of(server.storage(bucket))) {
            WatermarkIndex.Entry entry = index.lookup(ID).orElseThrow();
            assertThat(entry.createdAt()).isEqualTo(later);
            assertThat(entry.campaignId()).isNull();
        }
    }

    @Test
    void theEntrysTimeIsTheResultsToTheMillisecond() throws Exception {
        Instant precise = Instant.parse("2026-11-24T12:00:00.123456789Z");
        try (AssetStore store = open(server.storage(bucket), precise)) {
            assertThat(store.store(TestEncoded.video("demo", "req-1", "a")).result().getCompletedAt())
                    .isEqualTo("2026-11-24T12:00:00.123Z");
        }
        try (WatermarkIndex index = WatermarkIndex.of(server.storage(bucket))) {
            assertThat(index.lookup(ID).orElseThrow().createdAt()).isEqualTo("2026-11-24T12:00:00.123Z");
        }
    }

    @Test
    void aRequestWithoutWatermarkIdGetsNoEntry() throws Exception {
        Trace unmarked = TestEncoded.trace("demo", "req-1").withWatermarkId(null);
        Encoded encoded = new Encoded(unmarked, TestEncoded.video("demo", "req-1", "a").files());
        try (AssetStore store = open(server.storage(bucket), NOW)) {
            assertThat(store.store(encoded).result().getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        }
        assertThat(objects.keys(bucket)).containsExactlyInAnyOrder("demo/req-1/video.mp4", "demo/req-1/poster.png");
    }

    @Test
    void anEntryIsRetriedLikeTheAssetsAndFailsTheRequestWhenItCannotBeWritten() throws Exception {
        FailingPuts flaky = new FailingPuts(new TransientNio2BlobStore(), 503, 2, "_index/");
        try (S3ProxyServer flakyServer = S3ProxyServer.start(flaky, 0);
                AssetStore store = open(flakyServer.storage(bucket), NOW)) {
            assertThat(store.store(TestEncoded.video("demo", "req-1", "a")).result().getStatus())
                    .isEqualTo(ResultStatus.SUCCEEDED);
            assertThat(pauses).containsExactly(200L, 400L);
            assertThat(flaky.puts).hasValue(5); // video, poster, then the entry three times
        }

        pauses.clear();
        FailingPuts denying = new FailingPuts(new TransientNio2BlobStore(), 403, Integer.MAX_VALUE, "_index/");
        try (S3ProxyServer denyingServer = S3ProxyServer.start(denying, 0);
                AssetStore store = open(denyingServer.storage(bucket), NOW)) {
            StoreOutcome outcome = store.store(TestEncoded.video("demo", "req-1", "a"));

            assertThat(outcome).isInstanceOf(StoreOutcome.Failed.class);
            assertThat(outcome.result().getErrorCode()).isEqualTo(ErrorCode.STORE_FAILED.name());
            assertThat(outcome.result().getErrorMessage())
                    .startsWith("upload of s3://" + bucket + "/" + KEY + " failed after 1 attempt: AccessDenied");
            assertThat(outcome.result().getAssets()).isEmpty();
        }
    }

    @Test
    void aWatermarkIdThatIsNotSixteenHexDigitsFailsTheRequestBeforeAnythingIsWritten() throws Exception {
        Trace hostile = TestEncoded.trace("demo", "req-1").withWatermarkId("../../demo/x");
        try (AssetStore store = open(server.storage(bucket), NOW)) {
            StoreOutcome outcome = store.store(new Encoded(hostile, TestEncoded.video("demo", "req-1", "a").files()));

            assertThat(outcome.result().getErrorCode()).isEqualTo(ErrorCode.INVALID_FIELD.name());
            assertThat(outcome.result().getErrorMessage()).contains("not 16 lower-case hex digits");
        }
        assertThat(objects.keys(bucket)).isEmpty();
        assertThatThrownBy(() -> WatermarkIndex.key("00112233AABBCCDD")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void lookupSaysWhenTheStoreIsUnreachableOrTheObjectIsNotAnEntry() throws Exception {
        try (AssetStore store = open(server.storage(bucket), NOW)) {
            store.write(new ObjectWrite(KEY, "application/json", "{\"tenant_id\": 3}".getBytes(StandardCharsets.UTF_8)));
        }
        try (WatermarkIndex index = WatermarkIndex.of(server.storage(bucket))) {
            assertThatThrownBy(() -> index.lookup(ID))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("s3://" + bucket + "/" + KEY + " is not a watermark index entry");
        }

        S3ProxyServer doomed = S3ProxyServer.start();
        StorageConfig storage = doomed.storage(bucket);
        doomed.close();
        StorageConfig once = new StorageConfig(storage.endpoint(), storage.region(), storage.accessKey(),
                storage.secretKey(), storage.bucket(), storage.quarantineBucket(), storage.inputBuckets(), 1);
        try (WatermarkIndex index = WatermarkIndex.of(once)) {
            assertThatThrownBy(() -> index.lookup(ID))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("read of s3://" + bucket + "/" + KEY + " failed after 1 attempt")
                    .satisfies(e -> assertThat(e.getMessage()).containsIgnoringCase("connect"));
        }
    }

    private static Encoded inCampaign(Encoded encoded, String campaignId) {
        Trace t = encoded.trace();
        GenerationRequest request = GenerationRequest.newBuilder(t.request()).setCampaignId(campaignId).build();
        Trace trace = new Trace(request, t.source(), t.acceptedAtMillis(), t.moderation(), t.seed(), t.model(),
                t.watermarkId(), t.timingsMs(), t.checkedInputs());
        return new Encoded(trace, encoded.files());
    }

    private AssetStore open(StorageConfig storage, Instant now) throws InterruptedException {
        AssetStore store = AssetStore.builder()
                .storage(storage)
                .clock(Clock.fixed(now, ZoneOffset.UTC))
                .sleeper(pauses::add)
                .build();
        store.open();
        return store;
    }
}

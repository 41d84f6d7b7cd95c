package io.reelflow.operators.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reelflow.config.StorageConfig;
import io.reelflow.operators.store.internal.ObjectKeys;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.OutputAsset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which request a watermark id belongs to, read from the index objects the store stage writes next to the outputs:
 * {@code {bucket}/_index/watermarks/{watermark_id}.json} (tenant ids cannot start with {@code _}, so the index never
 * shares a prefix with a tenant's objects). A verifier that read an id out of a file uses this to name its tenant,
 * request and campaign without access to Kafka.
 */
public final class WatermarkIndex implements AutoCloseable {

    /** An index object is a few hundred bytes; anything far larger is not one. */
    private static final long MAX_BYTES = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AssetStore store;
    private final String bucket;

    private WatermarkIndex(AssetStore store, String bucket) {
        this.store = store;
        this.bucket = bucket;
    }

    /** An index in the output bucket of {@code storage}, read with its retries ({@code storage.upload-attempts}). */
    public static WatermarkIndex of(StorageConfig storage) {
        return new WatermarkIndex(AssetStore.builder().storage(storage).build(), storage.bucket());
    }

    /** The object key of a watermark id's entry; throws IllegalArgumentException unless it is 16 lower-case hex digits. */
    public static String key(String watermarkId) {
        return ObjectKeys.watermarkIndex(watermarkId);
    }

    /** Where the entry of {@code watermarkId} is (or would be). */
    public String uri(String watermarkId) {
        return "s3://" + bucket + "/" + key(watermarkId);
    }

    /**
     * The entry of {@code watermarkId}, or empty if the store has none. Throws IOException if the store cannot be
     * reached (after the configured attempts) or the object is not an index entry.
     */
    public Optional<Entry> lookup(String watermarkId) throws IOException, InterruptedException {
        String uri = uri(watermarkId);
        byte[] json;
        try {
            json = store.read(uri, MAX_BYTES);
        } catch (AssetStore.UnusableObject e) {
            if (e.missing()) {
                return Optional.empty();
            }
            throw e;
        }
        try {
            return Optional.of(Entry.fromJson(json));
        } catch (IOException e) {
            throw new IOException(uri + " is not a watermark index entry: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws Exception {
        store.close();
    }

    /** One asset of the request, as its result reports it. */
    public record Asset(String uri, String sha256) {}

    /**
     * One index entry: the request a watermark id was embedded for.
     *
     * @param campaignId null when the request was not part of a campaign
     * @param createdAt when the request's outputs were stored (its result's {@code completed_at})
     */
    public record Entry(String watermarkId, String tenantId, String requestId, String campaignId, Instant createdAt,
            List<Asset> assets) {

        public Entry {
            assets = List.copyOf(assets);
        }

        /** The entry of a SUCCEEDED result that carries a watermark id. */
        public static Entry of(GenerationResult result) {
            List<Asset> assets = new ArrayList<>();
            for (OutputAsset asset : result.getAssets()) {
                assets.add(new Asset(asset.getUri(), asset.getSha256()));
            }
            return new Entry(result.getWatermarkId(), result.getTenantId(), result.getRequestId(),
                    result.getCampaignId(), result.getCompletedAt(), assets);
        }

        /** Snake-case JSON, fields always in the same order, so equal entries are equal bytes. */
        public byte[] toJson() {
            ObjectNode root = JSON.createObjectNode();
            root.put("watermark_id", watermarkId);
            root.put("tenant_id", tenantId);
            root.put("request_id", requestId);
            root.put("campaign_id", campaignId);
            root.put("created_at", createdAt.toString());
            for (Asset asset : assets) {
                root.withArray("assets").addObject().put("uri", asset.uri()).put("sha256", asset.sha256());
            }
            try {
                return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a tree of strings always serialises", e);
            }
        }

        static Entry fromJson(byte[] json) throws IOException {
            JsonNode root = JSON.readTree(new String(json, StandardCharsets.UTF_8));
            if (root == null || !root.isObject()) {
                throw new IOException("not a JSON object");
            }
            List<Asset> assets = new ArrayList<>();
            for (JsonNode asset : root.path("assets")) {
                assets.add(new Asset(text(asset, "uri"), text(asset, "sha256")));
            }
            Instant createdAt;
            try {
                createdAt = Instant.parse(text(root, "created_at"));
            } catch (DateTimeException e) {
                throw new IOException("created_at is not an ISO-8601 instant", e);
            }
            JsonNode campaign = root.path("campaign_id");
            return new Entry(text(root, "watermark_id"), text(root, "tenant_id"), text(root, "request_id"),
                    campaign.isTextual() ? campaign.asText() : null, createdAt, assets);
        }

        private static String text(JsonNode node, String field) throws IOException {
            JsonNode value = node.get(field);
            if (value == null || !value.isTextual()) {
                throw new IOException("missing " + field);
            }
            return value.asText();
        }
    }
}

package io.reelflow.operators.watermark;

import io.reelflow.operators.watermark.internal.KeyStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * A watermark secret (the deployment's {@code watermark.secret}, or a tenant's own) and what is derived from it: the
 * keyed embedding pattern and the watermark ids. Content marked under one key is invisible to a detector holding
 * another. {@link WatermarkKeys} says which key is whose.
 */
public final class WatermarkKey {

    private final byte[] secret;

    private WatermarkKey(byte[] secret) {
        this.secret = secret;
    }

    public static WatermarkKey fromSecret(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("watermark.secret must not be blank");
        }
        return new WatermarkKey(secret.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The watermark id of a request: the first 8 bytes of HMAC-SHA256(secret, tenant and request id), as 16 lower-case
     * hex digits. Deterministic, so a replay after a failure embeds the same id; unguessable without the secret.
     */
    public String watermarkId(String tenantId, String requestId) {
        String message = "reelflow/watermark-id/v1\0" + tenantId + "\0" + requestId;
        byte[] mac = KeyStream.hmacSha256(secret, message.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(mac, 0, 8);
    }

    /** Key material for the embedding pattern, separate from the ids'. */
    byte[] patternKey() {
        return KeyStream.hmacSha256(secret, "reelflow/watermark-pattern/v1".getBytes(StandardCharsets.UTF_8));
    }
}

package io.reelflow.operators.generate;

import io.reelflow.schema.GenerationRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The seed a request samples with: its own, or one derived from its identity so a replay reproduces the output. */
public final class Seeds {

    private Seeds() {}

    public static long of(GenerationRequest request) {
        return request.getSeed() != null ? request.getSeed() : derived(request.getTenantId(), request.getRequestId());
    }

    /** The first 63 bits of SHA-256(tenant NUL request_id): stable across processes, JVMs and releases. */
    public static long derived(String tenantId, String requestId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((tenantId + '\0' + requestId).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(hash).getLong() & Long.MAX_VALUE;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}

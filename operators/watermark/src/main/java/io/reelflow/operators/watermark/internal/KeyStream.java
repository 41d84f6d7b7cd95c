package io.reelflow.operators.watermark.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Deterministic pseudo-random bytes from a secret: HMAC-SHA256(key, label || counter), block after block. The same
 * key and label give the same stream on every JVM, which the embedder and the detector both rely on.
 */
public final class KeyStream {

    private final Mac mac;
    private final byte[] label;
    private long counter;
    private byte[] block = new byte[0];
    private int position;

    public KeyStream(byte[] key, String label) {
        this.mac = hmac(key);
        this.label = label.getBytes(StandardCharsets.UTF_8);
    }

    /** HMAC-SHA256 of {@code message} under {@code key}. */
    public static byte[] hmacSha256(byte[] key, byte[] message) {
        return hmac(key).doFinal(message);
    }

    public int nextByte() {
        if (position == block.length) {
            mac.update(label);
            mac.update(ByteBuffer.allocate(Long.BYTES).putLong(counter++).array());
            block = mac.doFinal();
            position = 0;
        }
        return block[position++] & 0xFF;
    }

    /** Uniform in [0, bound), by rejection so no value is favoured. */
    public int nextInt(int bound) {
        if (bound <= 0 || bound > (1 << 24)) {
            throw new IllegalArgumentException("bound out of range: " + bound);
        }
        int limit = (1 << 24) - ((1 << 24) % bound);
        while (true) {
            int value = (nextByte() << 16) | (nextByte() << 8) | nextByte();
            if (value < limit) {
                return value % bound;
            }
        }
    }

    public boolean nextBoolean() {
        return (nextByte() & 1) == 1;
    }

    private static Mac hmac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }
}

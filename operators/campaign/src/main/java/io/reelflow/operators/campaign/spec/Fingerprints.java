package io.reelflow.operators.campaign.spec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of text, as hex or as a seed. Parts are joined with a separator no part can contain. */
final class Fingerprints {

    private Fingerprints() {}

    static String sha256Hex(String text) {
        return HexFormat.of().formatHex(digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(digest(bytes));
    }

    static long seed(String... parts) {
        return ByteBuffer.wrap(digest(String.join("\u0000", parts).getBytes(StandardCharsets.UTF_8))).getLong()
                & Long.MAX_VALUE;
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}

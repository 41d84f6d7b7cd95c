package io.reelflow.operators.provenance.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** PEM text to DER and back. A value is either the PEM itself or the path of a file holding it. */
public final class Pem {

    private Pem() {}

    /** The DER bytes of {@code pemOrPath}'s one block of {@code type} (e.g. "PRIVATE KEY"). */
    public static byte[] der(String pemOrPath, String type) throws IOException {
        String text = pemOrPath.contains("-----BEGIN")
                ? pemOrPath
                : Files.readString(Path.of(pemOrPath.trim()), StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IOException("expected a PEM block '" + begin + "'");
        }
        // Whitespace of any kind inside the block: an environment variable may fold the newlines into spaces.
        String base64 = text.substring(from + begin.length(), to).replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IOException("the PEM block '" + begin + "' is not valid base64", e);
        }
    }

    public static String text(byte[] der, String type) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}

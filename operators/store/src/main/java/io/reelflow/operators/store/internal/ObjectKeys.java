package io.reelflow.operators.store.internal;

import java.util.regex.Pattern;

/**
 * Object keys {@code {tenant}/{request_id}/{file}}. Decode already validates ids, but a key is where a bad id would do
 * harm (overwrite another tenant's objects), so each segment is checked again here: a conservative character set,
 * which excludes {@code /}, {@code \} and control characters, and never {@code .} or {@code ..}.
 */
public final class ObjectKeys {

    private static final Pattern SAFE_SEGMENT = Pattern.compile("[A-Za-z0-9._-]{1,255}");
    private static final Pattern WATERMARK_ID = Pattern.compile("[0-9a-f]{16}");

    private ObjectKeys() {}

    /** The key of {@code fileName} under the request's prefix; throws if any segment could escape it. */
    public static String of(String tenantId, String requestId, String fileName) {
        return segment("tenant id", tenantId) + '/' + segment("request id", requestId) + '/'
                + segment("file name", fileName);
    }

    /** The key of a watermark id's index entry; throws unless the id is 16 lower-case hex digits. */
    public static String watermarkIndex(String watermarkId) {
        if (watermarkId == null || !WATERMARK_ID.matcher(watermarkId).matches()) {
            throw new UnsafeKeyException("watermark id " + quote(watermarkId) + " is not 16 lower-case hex digits");
        }
        return "_index/watermarks/" + watermarkId + ".json";
    }

    /** A whole key of safe segments joined by {@code /}, as given; throws if any segment could escape. */
    public static String checked(String key) {
        if (key == null || key.isEmpty()) {
            throw new UnsafeKeyException("empty object key");
        }
        for (String part : key.split("/", -1)) {
            segment("key segment", part);
        }
        return key;
    }

    private static String segment(String what, String value) {
        if (value == null || !SAFE_SEGMENT.matcher(value).matches() || value.equals(".") || value.equals("..")) {
            throw new UnsafeKeyException(what + " " + quote(value) + " is not a safe object key segment"
                    + " (1-255 of [A-Za-z0-9._-], not . or ..)");
        }
        return value;
    }

    /** Quotes a value for a message, escaping control characters so logs stay one line per record. */
    private static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder quoted = new StringBuilder("'");
        value.codePoints().limit(80).forEach(c -> {
            if (Character.isISOControl(c)) {
                quoted.append(String.format("\\u%04x", c));
            } else {
                quoted.appendCodePoint(c);
            }
        });
        return quoted.append(value.length() > 80 ? "...'" : "'").toString();
    }

    /** A tenant, request id or file name that must not become part of an object key. */
    public static final class UnsafeKeyException extends IllegalArgumentException {
        UnsafeKeyException(String message) {
            super(message);
        }
    }
}

package io.reelflow.infra.campaign;

import io.reelflow.config.StorageConfig;
import io.reelflow.operators.campaign.spec.OutputKey;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The names an export writes and the objects it reads, from manifest values. The manifest is data from the store, so
 * every value that becomes part of a path or an object key is checked here even though the spec parser only makes
 * safe names: a forged row must not write outside the export's directory or read another tenant's objects.
 */
final class ExportNames {

    /** Template, variant and format names as the spec makes them: no dots, separators or control characters. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,199}");
    /** As the spec parser bounds {@code template-variant}: with {@code .poster.webm}, within a 255-byte file name. */
    private static final int MAX_FILE_BASE_CHARS = 200;
    /** Campaign and tenant ids (the spec's and the store's sets), and object key segments; never . or .. */
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]{1,255}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Map<String, String> EXTENSIONS = Map.of(
            "image/png", "png", "image/jpeg", "jpg", "video/mp4", "mp4", "video/webm", "webm");
    private static final String POSTER = ".poster";

    private ExportNames() {}

    /** A campaign or tenant id from the command line, checked before it goes into a path or key. */
    static String id(String what, String value) {
        if (!isSegment(value)) {
            throw new UnsafeName(what + " " + quote(value) + " is not 1-255 of A-Z a-z 0-9 . _ - (and not . or ..)");
        }
        return value;
    }

    /**
     * A row's file name relative to the campaign's directory, without extension: {@code format/template-variant}.
     * The row's key must be the one its names make for this campaign, so a row of another campaign is refused too.
     */
    static String base(String campaign, String key, String template, String variant, String format) {
        name("template", template);
        name("variant", variant);
        name("format", format);
        OutputKey expected = new OutputKey(campaign, template, variant, format);
        if (!expected.path().equals(key)) {
            throw new UnsafeName("key " + quote(key) + " is not " + expected.path() + ", the key its template, variant"
                    + " and format make in campaign " + campaign);
        }
        if (template.length() + 1 + variant.length() > MAX_FILE_BASE_CHARS) {
            throw new UnsafeName("output name " + quote(template + "-" + variant) + " is longer than "
                    + MAX_FILE_BASE_CHARS + " characters");
        }
        return format + "/" + template + "-" + variant;
    }

    /** The primary file: {@code base.ext}. */
    static String primary(String base, String objectKey, String contentType) {
        return base + "." + extension(objectKey, contentType);
    }

    /** A video's poster: {@code base.poster.ext}. */
    static String poster(String base, String objectKey, String contentType) {
        return base + POSTER + "." + extension(objectKey, contentType);
    }

    /**
     * The key of {@code uri} in the output bucket. It may name the output bucket or the quarantine bucket (where a held
     * output sat): either way the export reads the output bucket, where only approved objects are. The key must be
     * under the tenant's prefix and made of safe segments.
     */
    static String objectKey(StorageConfig storage, String tenant, String uri) {
        String key = null;
        for (String bucket : new String[] {storage.bucket(), storage.quarantineBucket()}) {
            String prefix = "s3://" + bucket + "/";
            if (uri != null && uri.startsWith(prefix)) {
                key = uri.substring(prefix.length());
            }
        }
        if (key == null) {
            throw new UnsafeName("object " + quote(uri) + " is not in bucket " + storage.bucket());
        }
        String[] segments = key.split("/", -1);
        if (segments.length < 2 || !segments[0].equals(tenant)) {
            throw new UnsafeName("object " + quote(uri) + " is not one of tenant " + tenant + "'s");
        }
        for (String segment : segments) {
            if (!isSegment(segment)) {
                throw new UnsafeName("object " + quote(uri) + " has an unsafe key segment " + quote(segment));
            }
        }
        return key;
    }

    /** {@code s3://bucket/key} in the output bucket. */
    static String outputUri(StorageConfig storage, String key) {
        return "s3://" + storage.bucket() + "/" + key;
    }

    static String sha256(String what, String value) {
        if (value == null || !SHA256.matcher(value).matches()) {
            throw new UnsafeName(what + " " + quote(value) + " is not 64 lower-case hex digits");
        }
        return value;
    }

    /**
     * {@code relative} under {@code campaignDir}, refusing anything that would land outside it (the checks above
     * already exclude that; this is the last word on what is written).
     */
    static Path resolve(Path campaignDir, String relative) {
        Path root = campaignDir.toAbsolutePath().normalize();
        Path file = root.resolve(relative).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw new UnsafeName("file " + quote(relative) + " is outside " + root);
        }
        return file;
    }

    /** From the object key's extension if it is a known media type's, else from the content type. */
    private static String extension(String objectKey, String contentType) {
        String name = objectKey.substring(objectKey.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        String fromKey = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (EXTENSIONS.containsValue(fromKey)) {
            return fromKey;
        }
        String fromType = contentType == null ? null : EXTENSIONS.get(contentType.toLowerCase(Locale.ROOT));
        if (fromType == null) {
            throw new UnsafeName("object " + quote(objectKey) + " of type " + quote(contentType)
                    + " is not a known image or video (" + String.join(", ", EXTENSIONS.keySet()) + ")");
        }
        return fromType;
    }

    private static void name(String what, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new UnsafeName(what + " " + quote(value) + " is not a name the spec makes"
                    + " (a letter or digit, then up to 127 of A-Z a-z 0-9 _ -)");
        }
    }

    private static boolean isSegment(String value) {
        return value != null && SEGMENT.matcher(value).matches() && !value.equals(".") && !value.equals("..");
    }

    /** A value for a message: quoted, control characters escaped, cut at 80 characters. */
    static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder quoted = new StringBuilder("'");
        value.codePoints().limit(80).forEach(c -> quoted.append(
                Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                        ? String.format("\\u%04x", c) : Character.toString(c)));
        return quoted.append(value.length() > 80 ? "...'" : "'").toString();
    }

    /** A manifest value that must not become a file name or an object key. */
    static final class UnsafeName extends IllegalArgumentException {
        UnsafeName(String message) {
            super(message);
        }
    }
}

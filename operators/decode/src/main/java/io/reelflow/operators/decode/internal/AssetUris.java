package io.reelflow.operators.decode.internal;

import java.util.Set;

/** Checks input asset URIs against the buckets a tenant may read. */
public final class AssetUris {

    private static final String SCHEME = "s3://";

    private AssetUris() {}

    /**
     * Why {@code uri} may not be read by a tenant allowed {@code buckets}, or null if it may. Must be
     * {@code s3://<bucket>/<key>} with a non-empty key; {@code ..} segments are refused even though S3 has no
     * directories, because the local S3Proxy maps keys onto a filesystem.
     */
    public static String forbiddenReason(String uri, Set<String> buckets) {
        if (!uri.startsWith(SCHEME)) {
            return "is not an s3://bucket/key URI";
        }
        int slash = uri.indexOf('/', SCHEME.length());
        if (slash < 0 || slash == SCHEME.length() || slash == uri.length() - 1) {
            return "is not an s3://bucket/key URI";
        }
        if (TextRules.unsafeCharacter(uri) != null || uri.indexOf('\\') >= 0) {
            return "contains control or backslash characters";
        }
        String bucket = uri.substring(SCHEME.length(), slash);
        if (!buckets.contains(bucket)) {
            return "is in bucket " + TextRules.quote(bucket) + ", which the tenant may not read (allowed: " + buckets + ")";
        }
        for (String segment : uri.substring(slash + 1).split("/", -1)) {
            if (segment.equals("..")) {
                return "has a '..' segment";
            }
        }
        return null;
    }
}

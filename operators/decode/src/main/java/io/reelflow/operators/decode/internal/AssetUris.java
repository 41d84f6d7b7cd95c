package io.reelflow.operators.decode.internal;

import java.util.Set;

/** Checks input asset URIs against the buckets a tenant may read. */
public final class AssetUris {

    private static final String SCHEME = "s3://";

    private AssetUris() {}

    /**
     * Why {@code uri} may not be read by {@code tenantId}, or null if it may. It must be {@code s3://<bucket>/<key>}
     * with a non-empty key, in one of the tenant's {@code own} buckets, or in one of the {@code shared} buckets (every
     * tenant's) under the tenant's prefix {@code <tenant>/}, so no tenant reads another's uploads. {@code ..} segments
     * are refused even though S3 has no directories, because the local S3Proxy maps keys onto a filesystem.
     */
    public static String forbiddenReason(String uri, String tenantId, Set<String> shared, Set<String> own) {
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
        String key = uri.substring(slash + 1);
        if (!own.contains(bucket) && !shared.contains(bucket)) {
            Set<String> allowed = new java.util.TreeSet<>(shared);
            allowed.addAll(own);
            return "is in bucket " + TextRules.quote(bucket) + ", which the tenant may not read (allowed: " + allowed + ")";
        }
        if (!own.contains(bucket) && !key.startsWith(tenantId + "/")) {
            return "is outside the tenant's prefix " + TextRules.quote(tenantId + "/") + " of the shared bucket "
                    + TextRules.quote(bucket);
        }
        for (String segment : key.split("/", -1)) {
            if (segment.equals("..")) {
                return "has a '..' segment";
            }
        }
        return null;
    }
}

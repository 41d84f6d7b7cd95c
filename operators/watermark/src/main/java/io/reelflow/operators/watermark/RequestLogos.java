package io.reelflow.operators.watermark;

import io.reelflow.pipeline.AssetReader;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.LogoLimits;
import io.reelflow.pipeline.Rejection;
import io.reelflow.schema.ResultStatus;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The logos requests bring as their visible mark ({@code visible_mark.logo_uri}, a campaign's brand logo): read as
 * stored bytes through the job's {@link AssetReader} (which buckets a tenant may read was checked when the request was
 * decoded), checked (PNG or JPEG, at most {@link #MAX_BYTES} and {@link #MAX_SIDE} pixels on a side), decoded with
 * their transparency, and kept per URI, least recently used first out, up to {@link #CACHE_BYTES} of pixels: a
 * campaign's thousands of requests read their logo once. Not thread-safe; one per operator subtask.
 */
public final class RequestLogos implements AutoCloseable {

    public static final long MAX_BYTES = LogoLimits.MAX_BYTES;
    public static final int MAX_SIDE = LogoLimits.MAX_SIDE;
    /** Decoded pixels kept: four logos at the largest size, dozens of ordinary ones. */
    static final long CACHE_BYTES = 64L << 20;

    private final AssetReader reader;
    private final Map<String, Logo> cache = new LinkedHashMap<>(16, 0.75f, true);
    private long cachedBytes;

    public RequestLogos(AssetReader reader) {
        this.reader = reader;
    }

    /** For engines without an object store (a local tool): every logo URI is refused with a reason. */
    public static RequestLogos none() {
        return new RequestLogos(AssetReader.none());
    }

    /**
     * The logo at {@code uri}.
     *
     * @throws Unusable if it cannot be read or used: REJECTED with the code of the problem when the request is at
     *     fault (missing, too large, not a PNG or JPEG), FAILED with WATERMARK_FAILED when the store kept failing
     */
    public Logo get(String uri) {
        Logo logo = cache.get(uri);
        if (logo == null) {
            logo = load(uri);
            cache.put(uri, logo);
            cachedBytes += logo.sizeBytes();
            evict(uri);
        }
        return logo;
    }

    private Logo load(String uri) {
        byte[] bytes;
        try {
            bytes = reader.bytes(uri, MAX_BYTES);
        } catch (AssetReader.Unusable e) {
            throw Unusable.rejected(e.code(), e.getMessage());
        } catch (IOException e) {
            throw new Unusable(ResultStatus.FAILED, Rejection.of(ErrorCode.WATERMARK_FAILED,
                    "cannot read the visible mark's logo " + uri + ": " + e.getMessage()));
        }
        if (!LogoLimits.isPngOrJpeg(bytes)) {
            throw Unusable.rejected(ErrorCode.INVALID_FIELD, uri + " is not a PNG or JPEG image");
        }
        try {
            return Logo.decode(bytes, MAX_SIDE);
        } catch (LogoLimits.TooLarge e) {
            throw Unusable.rejected(ErrorCode.OUT_OF_RANGE, uri + " is " + e.getMessage());
        } catch (IOException e) {
            throw Unusable.rejected(ErrorCode.INVALID_FIELD, uri + " cannot be decoded: " + e.getMessage());
        }
    }

    /** Drops the least recently used logos but {@code keep} until the pixels fit the budget. */
    private void evict(String keep) {
        Iterator<Map.Entry<String, Logo>> oldest = cache.entrySet().iterator();
        while (cachedBytes > CACHE_BYTES && oldest.hasNext()) {
            Map.Entry<String, Logo> entry = oldest.next();
            if (!entry.getKey().equals(keep)) {
                cachedBytes -= entry.getValue().sizeBytes();
                oldest.remove();
            }
        }
    }

    /** How many logos are cached, for tests of the bound. */
    int cached() {
        return cache.size();
    }

    @Override
    public void close() throws Exception {
        cache.clear();
        reader.close();
    }

    /** A logo a request cannot use: how its request ends, and why. */
    public static final class Unusable extends RuntimeException {
        private final ResultStatus status;
        private final transient Rejection rejection;

        Unusable(ResultStatus status, Rejection rejection) {
            super(rejection.message());
            this.status = status;
            this.rejection = rejection;
        }

        static Unusable rejected(ErrorCode code, String message) {
            return new Unusable(ResultStatus.REJECTED, Rejection.of(code, "visible_mark.logo_uri: " + message));
        }

        public ResultStatus status() {
            return status;
        }

        public Rejection rejection() {
            return rejection;
        }
    }
}

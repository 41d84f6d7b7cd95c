package io.reelflow.operators.watermark;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.pipeline.AssetReader;
import io.reelflow.pipeline.ErrorCode;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An object store for tests: objects by URI; {@link #FLAKY} answers like a store that keeps failing. Counts reads, so
 * tests see what a cache saves. A record, as the job's factories are.
 */
public record StoredObjects(Map<String, byte[]> objects, AtomicInteger reads) implements AssetReader.Factory {

    public static final String FLAKY = "s3://reelflow-inputs/acme/flaky.png";

    public StoredObjects(Map<String, byte[]> objects) {
        this(new HashMap<>(objects), new AtomicInteger());
    }

    @Override
    public AssetReader create(ReelflowConfig config) {
        return reader();
    }

    public AssetReader reader() {
        return new AssetReader() {
            @Override
            public Asset read(String uri) throws IOException {
                throw new UnsupportedOperationException("the watermark stage reads stored bytes only");
            }

            @Override
            public byte[] bytes(String uri, long maxBytes) throws IOException {
                reads.incrementAndGet();
                if (uri.equals(FLAKY)) {
                    throw new IOException("store unavailable after 5 attempts");
                }
                byte[] bytes = objects.get(uri);
                if (bytes == null) {
                    throw new Unusable(ErrorCode.MISSING_INPUT_ASSET, "no such object: " + uri);
                }
                if (bytes.length > maxBytes) {
                    throw new Unusable(ErrorCode.OUT_OF_RANGE, uri + " is larger than the " + maxBytes + " bytes allowed");
                }
                return bytes;
            }
        };
    }
}

package io.reelflow.jobs;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.encode.FrameVisitor;
import io.reelflow.operators.encode.MediaInfo;
import io.reelflow.operators.encode.MediaReader;
import io.reelflow.operators.generate.AssetReader;
import io.reelflow.operators.generate.FrameScaler;
import io.reelflow.operators.store.AssetStore;
import io.reelflow.pipeline.Frames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Input assets for the generate stage: objects read from the store (buckets were checked when the request was
 * accepted) and decoded with FFmpeg, each frame shrunk to fit {@link #MAX_SIDE} as it is decoded so a long 1080p
 * source never sits in memory at full size (models sample far below it).
 */
public record ObjectStoreAssets() implements AssetReader.Factory {

    /** Largest input object read. */
    static final long MAX_BYTES = 512L << 20;
    /** Longest side decoded frames are kept at. */
    static final int MAX_SIDE = 256;

    @Override
    public AssetReader create(ReelflowConfig config) {
        AssetStore store = AssetStore.builder().storage(config.storage()).build();
        return new AssetReader() {
            @Override
            public synchronized Asset read(String uri) throws IOException {
                byte[] bytes;
                try {
                    bytes = store.read(uri, MAX_BYTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while reading " + uri, e);
                }
                ByteArrayOutputStream frames = new ByteArrayOutputStream();
                int[] size = new int[2];
                FrameVisitor shrink = (index, width, height, rgb) -> {
                    int[] fit = FrameScaler.fitWithin(width, height, MAX_SIDE);
                    Frames scaled = FrameScaler.resize(new Frames(width, height, 1, rgb.clone()), fit[0], fit[1]);
                    size[0] = fit[0];
                    size[1] = fit[1];
                    frames.write(scaled.rgb());
                };
                MediaInfo info = MediaReader.stream(bytes, shrink);
                byte[] rgb = frames.toByteArray();
                if (rgb.length == 0) {
                    throw new IOException(uri + " has no frames");
                }
                int count = rgb.length / (size[0] * size[1] * 3);
                return new Asset(new Frames(size[0], size[1], count, rgb), count > 1 ? info.fps() : 0);
            }

            @Override
            public void close() throws Exception {
                store.close();
            }
        };
    }
}

package io.reelflow.jobs;

import io.reelflow.config.StorageConfig;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.encode.FrameVisitor;
import io.reelflow.operators.encode.MediaInfo;
import io.reelflow.operators.encode.MediaReader;
import io.reelflow.pipeline.AssetReader;
import io.reelflow.pipeline.FrameScaler;
import io.reelflow.operators.store.AssetStore;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.Frames;
import io.reelflow.pipeline.Sha256;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Input assets for the input moderation gate and the generate stage, and visible-mark logos for the watermark stage
 * (as stored bytes, which that stage decodes itself): objects read from the store (buckets were
 * checked when the request was accepted) and decoded with FFmpeg, each frame shrunk to fit {@link #MAX_SIDE} as it is
 * decoded, so a long 1080p source never sits in memory at full size (models sample far below it), with the SHA-256 of
 * the bytes, so generation reads what the gate checked. A record of the storage settings: engines
 * are shared per equal factory, and two stores must not share one.
 */
public record ObjectStoreAssets(StorageConfig storage) implements AssetReader.Factory {

    /** Largest input object read. */
    static final long MAX_BYTES = 512L << 20;
    /** Longest side decoded frames are kept at. */
    static final int MAX_SIDE = 256;
    /** Most frames decoded: a minute at 30 fps. */
    static final int MAX_FRAMES = 1800;

    @Override
    public AssetReader create(ReelflowConfig config) {
        AssetStore store = AssetStore.builder().storage(storage).build();
        return new AssetReader() {
            @Override
            public Asset read(String uri) throws IOException {
                return decode(uri, bytes(uri, MAX_BYTES));
            }

            @Override
            public byte[] bytes(String uri, long maxBytes) throws IOException {
                try {
                    synchronized (store) { // the store's retry state is per instance; decoding is not locked
                        return store.read(uri, maxBytes);
                    }
                } catch (AssetStore.UnusableObject e) {
                    throw new Unusable(e.missing() ? ErrorCode.MISSING_INPUT_ASSET : ErrorCode.OUT_OF_RANGE,
                            e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while reading " + uri, e);
                }
            }

            @Override
            public void close() throws Exception {
                store.close();
            }
        };
    }

    private static AssetReader.Asset decode(String uri, byte[] bytes) throws IOException {
        List<byte[]> frames = new ArrayList<>();
        int[] size = new int[2];
        FrameVisitor shrink = (index, width, height, rgb) -> {
            if (frames.size() >= MAX_FRAMES) {
                throw new AssetReader.Unusable(ErrorCode.OUT_OF_RANGE, uri + " has more than " + MAX_FRAMES + " frames");
            }
            int[] fit = FrameScaler.fitWithin(width, height, MAX_SIDE);
            if (!frames.isEmpty() && (fit[0] != size[0] || fit[1] != size[1])) {
                throw new AssetReader.Unusable(ErrorCode.INVALID_FIELD, uri + " changes frame size mid-stream");
            }
            size[0] = fit[0];
            size[1] = fit[1];
            frames.add(FrameScaler.resize(new Frames(width, height, 1, rgb.clone()), fit[0], fit[1]).rgb());
        };
        MediaInfo info;
        try {
            info = MediaReader.stream(bytes, shrink);
        } catch (AssetReader.Unusable e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new AssetReader.Unusable(ErrorCode.INVALID_FIELD, uri + " is not an image or video this platform"
                    + " decodes: " + e.getMessage());
        }
        if (frames.isEmpty()) {
            throw new AssetReader.Unusable(ErrorCode.INVALID_FIELD, uri + " has no frames");
        }
        byte[] rgb = new byte[frames.size() * frames.get(0).length];
        for (int i = 0; i < frames.size(); i++) {
            System.arraycopy(frames.get(i), 0, rgb, i * frames.get(0).length, frames.get(0).length);
        }
        return new AssetReader.Asset(new Frames(size[0], size[1], frames.size(), rgb), frames.size() > 1 ? info.fps() : 0,
                Sha256.hex(bytes));
    }
}

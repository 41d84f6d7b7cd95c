package io.reelflow.operators.watermark;

import io.reelflow.operators.watermark.internal.CellGrid;
import io.reelflow.operators.watermark.internal.FineEvidence;
import io.reelflow.pipeline.Frames;

/**
 * Collects evidence frame by frame, so a long video can be checked without holding its frames: each frame is reduced
 * to a high-passed 256x256 grid of luma means (see {@code FineEvidence}) and summed. Frames may have any size (the
 * grid is in normalised coordinates). Not thread-safe; one per video.
 */
public final class DetectionAccumulator {

    private final WatermarkDetector detector;
    private final FineEvidence evidence = new FineEvidence();
    private CellGrid grid;

    DetectionAccumulator(WatermarkDetector detector) {
        this.detector = detector;
    }

    /** Adds every frame of {@code frames} (RGB). */
    public DetectionAccumulator add(Frames frames) {
        for (int f = 0; f < frames.count(); f++) {
            addFrame(frames.width(), frames.height(), frames.rgb(), frames.offset(f), frames.width() * 3, ChannelOrder.RGB);
        }
        return this;
    }

    /**
     * Adds one frame of 8-bit three-channel pixels starting at {@code offset}, rows {@code rowStride} bytes apart.
     */
    public DetectionAccumulator addFrame(int width, int height, byte[] pixels, int offset, int rowStride, ChannelOrder order) {
        if (grid == null || grid.width() != width || grid.height() != height) {
            grid = new CellGrid(FineEvidence.FINE, width, height);
        }
        evidence.add(grid.lumaMeans(pixels, offset, rowStride, order == ChannelOrder.BGR));
        return this;
    }

    public int frames() {
        return evidence.frames();
    }

    /** The detection over all frames added so far. */
    public Detection result() {
        return detector.decide(evidence.sum(), evidence.frames());
    }
}

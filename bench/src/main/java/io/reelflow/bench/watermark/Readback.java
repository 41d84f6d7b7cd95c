package io.reelflow.bench.watermark;

import io.reelflow.operators.encode.MediaReader;
import io.reelflow.operators.watermark.ChannelOrder;
import io.reelflow.operators.watermark.Detection;
import io.reelflow.operators.watermark.DetectionAccumulator;
import io.reelflow.operators.watermark.PayloadReadout;
import io.reelflow.operators.watermark.WatermarkDetector;
import io.reelflow.operators.watermark.WatermarkKey;
import io.reelflow.pipeline.Frames;
import java.nio.file.Path;

/**
 * Reads a file or frames back as a verifier would: every frame decoded, the detector (default threshold) run over
 * all of them accumulated, and, when the embedded id is known, the read compared bit by bit with it.
 */
final class Readback {

    /** The detector's verdict and, for marked content, the bit errors of its read (null for unmarked content). */
    record Result(Detection detection, PayloadReadout.Reading reading) {}

    private final WatermarkKey key;
    private final WatermarkDetector detector;

    Readback(WatermarkKey key) {
        this.key = key;
        this.detector = WatermarkDetector.builder().key(key).build();
    }

    /** Decodes {@code file} (any format FFmpeg reads, or PNG) frame by frame. */
    Result read(Path file, String embeddedId) throws Exception {
        Reader reader = new Reader(embeddedId);
        MediaReader.stream(file, (index, width, height, rgb) -> reader.add(width, height, rgb, 0));
        return reader.result();
    }

    /** Decodes an encoded file held in memory. */
    Result read(byte[] encoded, String embeddedId) throws Exception {
        Reader reader = new Reader(embeddedId);
        MediaReader.stream(encoded, (index, width, height, rgb) -> reader.add(width, height, rgb, 0));
        return reader.result();
    }

    Result read(Frames frames, String embeddedId) {
        Reader reader = new Reader(embeddedId);
        for (int f = 0; f < frames.count(); f++) {
            reader.add(frames.width(), frames.height(), frames.rgb(), frames.offset(f));
        }
        return reader.result();
    }

    private final class Reader {
        private final String embeddedId;
        private final DetectionAccumulator accumulator = detector.accumulator();
        private final PayloadReadout readout;

        Reader(String embeddedId) {
            this.embeddedId = embeddedId;
            this.readout = embeddedId == null ? null : new PayloadReadout(key);
        }

        void add(int width, int height, byte[] rgb, int offset) {
            accumulator.addFrame(width, height, rgb, offset, width * 3, ChannelOrder.RGB);
            if (readout != null) {
                readout.addFrame(width, height, rgb, offset, width * 3, ChannelOrder.RGB);
            }
        }

        Result result() {
            return new Result(accumulator.result(), readout == null ? null : readout.read(embeddedId));
        }
    }
}

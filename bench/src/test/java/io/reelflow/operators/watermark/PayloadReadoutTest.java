package io.reelflow.operators.watermark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PayloadReadoutTest {

    private static final int WIDTH = 320;
    private static final int HEIGHT = 180;

    private final WatermarkKey key = WatermarkKey.fromSecret("readout-test");
    private final String id = key.watermarkId("bench", "readout");

    /** Smooth value plus grain: content the mark reads back from cleanly. */
    private static byte[] frame(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] rgb = new byte[WIDTH * HEIGHT * 3];
        for (int i = 0; i < rgb.length; i++) {
            int pixel = i / 3;
            rgb[i] = (byte) (90 + (pixel % WIDTH) / 8 + random.nextInt(6));
        }
        return rgb;
    }

    @Test
    void readsWhatTheDetectorReadsOnAMarkedFrame() {
        byte[] rgb = frame(1);
        WatermarkEmbedder.builder().key(key).strength(1).build().marker(WIDTH, HEIGHT, id)
                .mark(rgb, 0, WIDTH * 3, ChannelOrder.RGB);
        Detection detection = WatermarkDetector.builder().key(key).build().accumulator()
                .addFrame(WIDTH, HEIGHT, rgb, 0, WIDTH * 3, ChannelOrder.RGB).result();
        PayloadReadout readout = new PayloadReadout(key);
        readout.addFrame(WIDTH, HEIGHT, rgb, 0, WIDTH * 3, ChannelOrder.RGB);
        PayloadReadout.Reading reading = readout.read(id);
        assertThat(detection.watermarkId()).isEqualTo(id);
        assertThat(reading.crcHolds()).isTrue();
        assertThat(reading.payloadBitErrors()).isZero();
        assertThat(reading.codeBitErrors()).isEqualTo(detection.correctedBitErrors());
    }

    @Test
    void anUnmarkedFrameReadsAsCoinFlips() {
        PayloadReadout readout = new PayloadReadout(key);
        readout.addFrame(WIDTH, HEIGHT, frame(2), 0, WIDTH * 3, ChannelOrder.RGB);
        PayloadReadout.Reading reading = readout.read(id);
        assertThat(reading.crcHolds()).isFalse();
        assertThat(reading.codeBitErrors()).isBetween(50, 122); // 86 expected, 172 fair coins
        assertThat(reading.payloadBitErrors()).isBetween(12, 52);
    }
}

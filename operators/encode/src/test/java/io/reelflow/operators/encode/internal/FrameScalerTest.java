package io.reelflow.operators.encode.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class FrameScalerTest {

    @Test
    void yuvOutputIsBt709LimitedRangeInPackedPlanes() {
        byte[] red = new byte[16 * 8 * 3];
        for (int i = 0; i < red.length; i += 3) {
            red[i] = (byte) 255;
        }
        try (FrameScaler scaler = FrameScaler.toYuv420(16, 8, 30, 22)) {
            scaler.scale(red, 0);
            ByteBuffer yuv = scaler.output();
            YuvLayout layout = new YuvLayout(30, 22);

            assertThat(yuv.capacity()).isEqualTo(layout.bytes());
            // BT.709 red: Y = 16 + 219 * 0.2126, Cb = 128 - 224 * 0.2126 / 1.8556, Cr = 128 + 224 * 0.7874 / 1.5748
            assertThat(yuv.get(0) & 0xff).isCloseTo(63, within(1));
            assertThat(yuv.get(layout.uOffset() - 1) & 0xff).isCloseTo(63, within(1));
            assertThat(yuv.get(layout.uOffset()) & 0xff).isCloseTo(102, within(1));
            assertThat(yuv.get(layout.vOffset() - 1) & 0xff).isCloseTo(102, within(1));
            assertThat(yuv.get(layout.vOffset()) & 0xff).isCloseTo(240, within(1));
            assertThat(yuv.get(layout.bytes() - 1) & 0xff).isCloseTo(240, within(1));
        }
    }

    @Test
    void rgbOutputHasTheRequestedSize() {
        byte[] grey = new byte[4 * 4 * 3];
        java.util.Arrays.fill(grey, (byte) 77);
        try (FrameScaler scaler = FrameScaler.toRgb(4, 4, 10, 6)) {
            scaler.scale(grey, 0);
            byte[] out = scaler.outputBytes();

            assertThat(out).hasSize(10 * 6 * 3);
            for (byte b : out) {
                assertThat(b & 0xff).isEqualTo(77);
            }
        }
    }
}

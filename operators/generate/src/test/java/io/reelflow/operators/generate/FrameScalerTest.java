package io.reelflow.operators.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.pipeline.Frames;
import org.junit.jupiter.api.Test;

class FrameScalerTest {

    @Test
    void downscalingAveragesTheAreaEachPixelCovers() {
        // 4x2: left half black, right half white, to 2x1: one black and one white pixel; to 1x1: mid grey
        byte[] rgb = new byte[4 * 2 * 3];
        for (int y = 0; y < 2; y++) {
            for (int x = 2; x < 4; x++) {
                for (int c = 0; c < 3; c++) {
                    rgb[(y * 4 + x) * 3 + c] = (byte) 255;
                }
            }
        }
        Frames frames = new Frames(4, 2, 1, rgb);
        assertThat(FrameScaler.resize(frames, 2, 1).rgb()).containsExactly(0, 0, 0, (byte) 255, (byte) 255, (byte) 255);
        assertThat(FrameScaler.resize(frames, 1, 1).rgb()).containsExactly((byte) 128, (byte) 128, (byte) 128);
    }

    @Test
    void nonIntegerFactorsKeepFlatColoursExact() {
        byte[] rgb = new byte[30 * 17 * 3];
        for (int i = 0; i < rgb.length; i += 3) {
            rgb[i] = (byte) 220;
            rgb[i + 1] = 40;
            rgb[i + 2] = 40;
        }
        Frames scaled = FrameScaler.resize(new Frames(30, 17, 1, rgb), 9, 5);
        for (int i = 0; i < scaled.rgb().length; i += 3) {
            assertThat(scaled.rgb()[i] & 0xFF).isEqualTo(220);
            assertThat(scaled.rgb()[i + 1] & 0xFF).isEqualTo(40);
        }
    }

    @Test
    void retimingKeepsTheDurationAndTakesTheFrameShowingThen() {
        byte[] rgb = new byte[24 * 3];
        for (int f = 0; f < 24; f++) {
            rgb[f * 3] = (byte) f; // 1x1 frames numbered 0..23 at 24 fps
        }
        Frames retimed = FrameScaler.resample(new Frames(1, 1, 24, rgb), 24, 8);
        assertThat(retimed.count()).isEqualTo(8);
        assertThat(retimed.rgb()[0]).isEqualTo((byte) 1); // the middle of frame 0 at 8 fps is 1/16 s: source frame 1
        assertThat(retimed.rgb()[7 * 3]).isEqualTo((byte) 22);
    }
}

package io.reelflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

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
    void upscalingInterpolatesBetweenNeighbours() {
        Frames twoPixels = new Frames(2, 1, 1, new byte[] {0, 0, 0, (byte) 200, (byte) 200, (byte) 200});
        byte[] wide = FrameScaler.resize(twoPixels, 4, 1).rgb();
        // centres at 0.25, 0.75, 1.25, 1.75 source pixels: 0, 0.25, 0.75, 1 of the way (edges clamp)
        assertThat(new int[] {wide[0] & 0xFF, wide[3] & 0xFF, wide[6] & 0xFF, wide[9] & 0xFF})
                .containsExactly(0, 50, 150, 200);
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

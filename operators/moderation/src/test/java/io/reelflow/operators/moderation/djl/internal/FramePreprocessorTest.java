package io.reelflow.operators.moderation.djl.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.reelflow.pipeline.Frames;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramePreprocessorTest {

    private static final List<Double> ZERO = List.of(0.0, 0.0, 0.0);
    private static final List<Double> ONE = List.of(1.0, 1.0, 1.0);

    @Test
    void writesChannelMajorInTheModelsChannelOrderNormalised() {
        Frames pixel = new Frames(1, 1, 1, new byte[] {10, 20, 30});

        float[] rgb = new FramePreprocessor(1, ZERO, ONE, false).chw(pixel, 0);
        float[] bgr = new FramePreprocessor(1, ZERO, ONE, true).chw(pixel, 0);
        float[] normalised = new FramePreprocessor(1, List.of(0.1, 0.2, 0.3), List.of(0.5, 0.25, 2.0), false)
                .chw(pixel, 0);

        assertThat(rgb).containsExactly(new float[] {10 / 255f, 20 / 255f, 30 / 255f}, within(1e-6f));
        assertThat(bgr).containsExactly(new float[] {30 / 255f, 20 / 255f, 10 / 255f}, within(1e-6f));
        assertThat(normalised).containsExactly(new float[] {
                (10 / 255f - 0.1f) / 0.5f, (20 / 255f - 0.2f) / 0.25f, (30 / 255f - 0.3f) / 2f}, within(1e-6f));
    }

    @Test
    void shrinkingAveragesUnderAWidenedTriangleSoNoPixelIsSkipped() {
        // Row 0, 100, 200, 255 to 2 samples: each output covers 3 inputs with weights 0.75, 0.75, 0.25 (of 1.75).
        float[] out = new FramePreprocessor(2, ZERO, ONE, false).chw(grey(4, 2, 0, 100, 200, 255), 0);

        assertThat(out[0] * 255).isCloseTo((0 * 0.75f + 100 * 0.75f + 200 * 0.25f) / 1.75f, within(1e-3f));
        assertThat(out[1] * 255).isCloseTo((100 * 0.25f + 200 * 0.75f + 255 * 0.75f) / 1.75f, within(1e-3f));
    }

    @Test
    void enlargingInterpolatesLinearlyAndTheSameSizeKeepsEveryPixel() {
        float[] enlarged = new FramePreprocessor(4, ZERO, ONE, false).chw(grey(2, 4, 0, 200), 0);
        float[] same = new FramePreprocessor(4, ZERO, ONE, false).chw(grey(4, 4, 0, 100, 200, 255), 0);

        assertThat(scaled(enlarged, 4)).containsExactly(new float[] {0, 50, 150, 200}, within(1e-3f));
        assertThat(scaled(same, 4)).containsExactly(new float[] {0, 100, 200, 255}, within(1e-3f));
    }

    @Test
    void picksTheFrameByIndex() {
        byte[] rgb = {1, 1, 1, (byte) 250, (byte) 250, (byte) 250};
        assertThat(new FramePreprocessor(1, ZERO, ONE, false).chw(new Frames(1, 1, 2, rgb), 1)[0] * 255)
                .isCloseTo(250, within(1e-3f));
    }

    /** A grey frame {@code width} wide whose every row has {@code values}, {@code height} rows. */
    private static Frames grey(int width, int height, int... values) {
        byte[] rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < 3; c++) {
                    rgb[(y * width + x) * 3 + c] = (byte) values[x];
                }
            }
        }
        return new Frames(width, height, 1, rgb);
    }

    /** The first row of the first channel, 0-255. */
    private static float[] scaled(float[] chw, int size) {
        float[] row = new float[size];
        for (int x = 0; x < size; x++) {
            row[x] = chw[x] * 255;
        }
        return row;
    }
}

package io.reelflow.operators.watermark.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CellGridTest {

    @Test
    void cellMeansAreAreaAveragesAndPreserveTheFrameMean() {
        int width = 144;
        int height = 80;
        float[] values = new float[width * height];
        SplittableRandom random = new SplittableRandom(9);
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextDouble() * 255);
            sum += values[i];
        }
        double[] means = new CellGrid(32, width, height).cellMeans(values);
        double meanOfMeans = 0;
        for (double m : means) {
            meanOfMeans += m / means.length;
        }
        assertThat(meanOfMeans).isCloseTo(sum / values.length, within(1e-3));
        // Cell (0, 0) covers 4.5 x 2.5 pixels: two full rows of 4 whole pixels and a half, then a half row.
        double expected = 0;
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 5; x++) {
                expected += (x == 4 ? 0.5 : 1) * (y == 2 ? 0.5 : 1) * values[y * width + x];
            }
        }
        assertThat(means[0]).isCloseTo(expected / (4.5 * 2.5), within(1e-3));
    }

    @Test
    void framesSmallerThanTheGridStillMap() {
        CellGrid grid = new CellGrid(32, 20, 10);
        float[] flat = new float[200];
        java.util.Arrays.fill(flat, 7f);
        for (double mean : grid.cellMeans(flat)) {
            assertThat(mean).isCloseTo(7, within(1e-4));
        }
    }
}

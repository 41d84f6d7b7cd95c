package io.reelflow.operators.watermark.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SmoothPatternTest {

    @Test
    void theResponseIsExactlyWhatTheGridMeasuresOfTheSpreadPatternAtAnySize() {
        SplittableRandom random = new SplittableRandom(3);
        int cells = MarkScheme.GRID;
        double[] perCell = new double[cells * cells];
        for (int i = 0; i < perCell.length; i++) {
            perCell[i] = random.nextDouble() * 10 - 5;
        }
        for (int[] size : new int[][] {{128, 128}, {144, 80}, {80, 144}, {113, 67}, {1920, 1080}, {20, 10}}) {
            SmoothPattern pattern = new SmoothPattern(cells, size[0], size[1]);
            for (int gridCells : new int[] {cells, FineEvidence.FINE}) {
                CellGrid grid = new CellGrid(gridCells, size[0], size[1]);
                double[] measured = grid.cellMeans(pattern.toPixels(perCell, new float[size[0] * size[1]]));
                double[] predicted = SmoothPattern.respond(pattern.response(grid), perCell, cells, gridCells);
                for (int i = 0; i < measured.length; i++) {
                    assertThat(predicted[i]).as("%dx%d on %d cells, cell %d", size[0], size[1], gridCells, i)
                            .isCloseTo(measured[i], org.assertj.core.api.Assertions.within(1e-3));
                }
            }
        }
    }

    @Test
    void hasNoEdges() {
        // Neighbouring pixels differ by no more than the ramp between two cells allows: no edges.
        double[] perCell = new double[32 * 32];
        for (int i = 0; i < perCell.length; i++) {
            perCell[i] = (i + i / 32) % 2 == 0 ? 2 : -2;
        }
        int width = 1920;
        int height = 1080;
        float[] pixels = new SmoothPattern(32, width, height).toPixels(perCell, new float[width * height]);
        double steepest = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 1; x < width; x++) {
                steepest = Math.max(steepest, Math.abs(pixels[y * width + x] - pixels[y * width + x - 1]));
            }
        }
        // A step of 4 over a raised-cosine ramp half a cell (30 pixels) wide: at most 4 * (pi / 2) / 30 per pixel.
        assertThat(steepest).isLessThanOrEqualTo(4 * Math.PI / 2 / (SmoothPattern.TRANSITION * 1920 / 32.0) + 1e-6);
    }
}

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

    @Test
    void addingToPixelsIsTheRoundedPatternClampedToEightBitsInEveryChannel() {
        SplittableRandom random = new SplittableRandom(5);
        int cells = MarkScheme.GRID;
        double[] perCell = new double[cells * cells];
        for (int i = 0; i < perCell.length; i++) {
            perCell[i] = random.nextDouble() * 16 - 8;
        }
        for (int[] size : new int[][] {{1920, 1080}, {113, 67}, {20, 10}}) {
            int width = size[0];
            int height = size[1];
            int stride = width * 3 + 2;
            byte[] pixels = new byte[3 + height * stride];
            for (int i = 0; i < pixels.length; i++) { // many values near 0 and 255, where clamping matters
                pixels[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt(6) : 250 + random.nextInt(6));
            }
            byte[] marked = pixels.clone();
            SmoothPattern pattern = new SmoothPattern(cells, width, height);
            pattern.addTo(perCell, marked, 3, stride);
            float[] exact = pattern.toPixels(perCell, new float[width * height]);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    for (int ch = 0; ch < 3; ch++) {
                        int i = 3 + y * stride + 3 * x + ch;
                        int expected = Math.max(0, Math.min(255,
                                (pixels[i] & 0xFF) + Math.round(exact[y * width + x])));
                        assertThat(marked[i] & 0xFF).as("%dx%d at %d,%d", width, height, x, y).isEqualTo(expected);
                    }
                }
            }
            for (int y = 0; y < height; y++) { // the padding is untouched
                assertThat(marked[3 + y * stride + width * 3]).isEqualTo(pixels[3 + y * stride + width * 3]);
            }
        }
    }
}

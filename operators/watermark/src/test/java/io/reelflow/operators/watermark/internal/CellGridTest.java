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
    void everyCellIsTheAreaWeightedMeanOfThePixelsItOverlaps() {
        // Sizes where cells are wider than pixels, narrower, and not a whole number of either.
        int[][] sizes = {{144, 80}, {257, 129}, {1920, 1080}, {100, 300}};
        for (int[] size : sizes) {
            int width = size[0];
            int height = size[1];
            float[] values = new float[width * height];
            SplittableRandom random = new SplittableRandom(width);
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (random.nextDouble() * 255);
            }
            int cells = 256;
            double[] means = new CellGrid(cells, width, height).cellMeans(values);
            for (int cell : new int[] {0, 1, cells + 3, cells * cells / 2 + 77, cells * cells - 1}) {
                assertThat(means[cell]).as("%dx%d cell %d", width, height, cell)
                        .isCloseTo(bruteForceMean(values, width, height, cells, cell % cells, cell / cells),
                                within(1e-3));
            }
        }
    }

    /** Cell (cx, cy) spans [cx*w/cells, (cx+1)*w/cells) x [cy*h/cells, (cy+1)*h/cells) in pixel units. */
    private static double bruteForceMean(float[] values, int width, int height, int cells, int cx, int cy) {
        double x0 = (double) cx * width / cells;
        double x1 = (double) (cx + 1) * width / cells;
        double y0 = (double) cy * height / cells;
        double y1 = (double) (cy + 1) * height / cells;
        double sum = 0;
        for (int y = (int) Math.floor(y0); y < Math.ceil(y1); y++) {
            double wy = Math.min(y + 1, y1) - Math.max(y, y0);
            for (int x = (int) Math.floor(x0); x < Math.ceil(x1); x++) {
                double wx = Math.min(x + 1, x1) - Math.max(x, x0);
                sum += wx * wy * values[y * width + x];
            }
        }
        return sum / ((x1 - x0) * (y1 - y0));
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

    @Test
    void lumaMomentsAreTheCellMeansOfLumaAndOfItsSquareInEitherChannelOrder() {
        SplittableRandom random = new SplittableRandom(4);
        for (int[] size : new int[][] {{1920, 1080}, {113, 67}, {80, 144}}) {
            int width = size[0];
            int height = size[1];
            int stride = width * 3 + 5; // rows with padding, at an offset into the buffer
            byte[] pixels = new byte[7 + height * stride];
            random.nextBytes(pixels);
            float[] luma = new float[width * height];
            float[] squares = new float[width * height];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int i = 7 + y * stride + 3 * x;
                    // BT.601 in 8-bit fixed point (77, 150, 29 of 256), read as BGR
                    double l = (77 * (pixels[i + 2] & 0xFF) + 150 * (pixels[i + 1] & 0xFF) + 29 * (pixels[i] & 0xFF))
                            / 256.0;
                    luma[y * width + x] = (float) l;
                    squares[y * width + x] = (float) (l * l);
                }
            }
            CellGrid grid = new CellGrid(FineEvidence.FINE, width, height);
            double[][] moments = grid.lumaMoments(pixels, 7, stride, true);
            double[] means = grid.cellMeans(luma);
            double[] meanSquares = grid.cellMeans(squares);
            for (int c = 0; c < means.length; c++) {
                assertThat(moments[0][c]).as("%dx%d cell %d", width, height, c).isCloseTo(means[c], within(1e-3));
                assertThat(moments[1][c]).isCloseTo(meanSquares[c], within(1e-5 * meanSquares[c]));
            }
            assertThat(grid.lumaMeans(pixels, 7, stride, true)).containsExactly(moments[0]);
        }
    }

    @Test
    void aFlatColourHasNoDeviationInAnyCell() {
        // The masking cap grows with each cell's luma deviation: a flat area must not read as texture.
        for (int[] size : new int[][] {{1920, 1080}, {3840, 2160}}) {
            for (int[] colour : new int[][] {{250, 30, 200}, {240, 240, 240}, {3, 200, 90}}) {
                byte[] pixels = new byte[size[0] * size[1] * 3];
                for (int i = 0; i < pixels.length; i += 3) {
                    pixels[i] = (byte) colour[0];
                    pixels[i + 1] = (byte) colour[1];
                    pixels[i + 2] = (byte) colour[2];
                }
                double[][] moments = new CellGrid(FineEvidence.FINE, size[0], size[1])
                        .lumaMoments(pixels, 0, size[0] * 3, false);
                double worst = 0;
                for (int c = 0; c < moments[0].length; c++) {
                    worst = Math.max(worst, Math.sqrt(Math.max(0, moments[1][c] - moments[0][c] * moments[0][c])));
                }
                assertThat(worst).as("%dx%d %s", size[0], size[1], java.util.Arrays.toString(colour))
                        .isLessThan(0.03);
            }
        }
    }
}

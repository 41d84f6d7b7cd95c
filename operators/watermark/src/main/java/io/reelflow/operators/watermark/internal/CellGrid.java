package io.reelflow.operators.watermark.internal;

/**
 * The fixed analysis grid laid over a frame of any size: {@code cells x cells} cells in normalised coordinates, so a
 * cell covers the same part of the picture at 144x80 as at 1920x1080. Pixels straddling a cell border count towards
 * each cell by the area they share with it (exact area averaging), which makes cell means of an up- or downscaled
 * frame approximately equal to those of the original.
 */
public final class CellGrid {

    private final int cells;
    private final int width;
    private final int height;
    private final Axis columns;
    private final Axis rows;

    public CellGrid(int cells, int width, int height) {
        if (cells <= 0 || width <= 0 || height <= 0) {
            throw new IllegalArgumentException("bad grid " + cells + " over " + width + "x" + height);
        }
        this.cells = cells;
        this.width = width;
        this.height = height;
        this.columns = new Axis(width, cells);
        this.rows = new Axis(height, cells);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int cells() {
        return cells;
    }

    /** Mean of {@code values} (one per pixel, row-major) over each cell, row-major. */
    public double[] cellMeans(float[] values) {
        double[] means = new double[cells * cells];
        double[] rowSums = new double[cells];
        for (int y = 0; y < height; y++) {
            java.util.Arrays.fill(rowSums, 0);
            int base = y * width;
            for (int x = 0; x < width; x++) {
                float v = values[base + x];
                for (int k = columns.start[x]; k < columns.start[x + 1]; k++) {
                    rowSums[columns.cell[k]] += columns.overlap[k] * v;
                }
            }
            for (int k = rows.start[y]; k < rows.start[y + 1]; k++) {
                int cellRow = rows.cell[k] * cells;
                double w = rows.overlap[k];
                for (int c = 0; c < cells; c++) {
                    means[cellRow + c] += w * rowSums[c];
                }
            }
        }
        double cellArea = ((double) width / cells) * ((double) height / cells);
        for (int i = 0; i < means.length; i++) {
            means[i] /= cellArea;
        }
        return means;
    }

    /**
     * Cell means of luma and of luma squared, straight from 8-bit three-channel pixels (one pass, no luma buffer):
     * {@code {means, meanSquares}}.
     */
    public double[][] lumaMoments(byte[] pixels, int offset, int rowStride, boolean bgr) {
        float first = bgr ? Luma.WB : Luma.WR;
        float third = bgr ? Luma.WR : Luma.WB;
        double[] means = new double[cells * cells];
        double[] squares = new double[cells * cells];
        double[] rowSums = new double[cells];
        double[] rowSquares = new double[cells];
        for (int y = 0; y < height; y++) {
            java.util.Arrays.fill(rowSums, 0);
            java.util.Arrays.fill(rowSquares, 0);
            int in = offset + y * rowStride;
            for (int x = 0; x < width; x++, in += 3) {
                float v = first * (pixels[in] & 0xFF) + Luma.WG * (pixels[in + 1] & 0xFF) + third * (pixels[in + 2] & 0xFF);
                float v2 = v * v;
                for (int k = columns.start[x]; k < columns.start[x + 1]; k++) {
                    double w = columns.overlap[k];
                    rowSums[columns.cell[k]] += w * v;
                    rowSquares[columns.cell[k]] += w * v2;
                }
            }
            for (int k = rows.start[y]; k < rows.start[y + 1]; k++) {
                int cellRow = rows.cell[k] * cells;
                double w = rows.overlap[k];
                for (int c = 0; c < cells; c++) {
                    means[cellRow + c] += w * rowSums[c];
                    squares[cellRow + c] += w * rowSquares[c];
                }
            }
        }
        double cellArea = ((double) width / cells) * ((double) height / cells);
        for (int i = 0; i < means.length; i++) {
            means[i] /= cellArea;
            squares[i] /= cellArea;
        }
        return new double[][] {means, squares};
    }

    /** How pixels map onto cells along x. */
    Axis columns() {
        return columns;
    }

    /** How pixels map onto cells along y. */
    Axis rows() {
        return rows;
    }

    /** For each pixel along one axis, the cells it overlaps and by how much (a fraction of the pixel). */
    static final class Axis {
        final int[] start;
        final int[] cell;
        final double[] overlap;

        Axis(int pixels, int cells) {
            // In units of 1/cells pixel, pixel p spans [p*cells, (p+1)*cells) and cell k spans [k*pixels, (k+1)*pixels).
            start = new int[pixels + 1];
            int[] cellBuffer = new int[pixels + cells];
            double[] overlapBuffer = new double[pixels + cells];
            int n = 0;
            for (int p = 0; p < pixels; p++) {
                start[p] = n;
                long from = (long) p * cells;
                long to = from + cells;
                for (int k = (int) (from / pixels); k < cells && (long) k * pixels < to; k++) {
                    long shared = Math.min(to, (long) (k + 1) * pixels) - Math.max(from, (long) k * pixels);
                    if (shared > 0) {
                        cellBuffer[n] = k;
                        overlapBuffer[n++] = (double) shared / cells;
                    }
                }
            }
            start[pixels] = n;
            cell = java.util.Arrays.copyOf(cellBuffer, n);
            overlap = java.util.Arrays.copyOf(overlapBuffer, n);
        }
    }
}

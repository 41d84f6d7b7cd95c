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
        Sums sums = new Sums(false);
        for (int y = 0; y < height; y++) {
            sums.addRow(y, values, y * width);
        }
        return sums.means()[0];
    }

    /** Cell means of the luma of 8-bit three-channel pixels, rows {@code rowStride} bytes apart. */
    public double[] lumaMeans(byte[] pixels, int offset, int rowStride, boolean bgr) {
        return lumaMoments(pixels, offset, rowStride, bgr, false)[0];
    }

    /** Cell means of luma and of luma squared, in one pass over the pixels: {@code {means, meanSquares}}. */
    public double[][] lumaMoments(byte[] pixels, int offset, int rowStride, boolean bgr) {
        return lumaMoments(pixels, offset, rowStride, bgr, true);
    }

    private double[][] lumaMoments(byte[] pixels, int offset, int rowStride, boolean bgr, boolean withSquares) {
        if (rowStride < width * 3 || offset < 0
                || (long) offset + (long) (height - 1) * rowStride + width * 3L > pixels.length) {
            throw new IllegalArgumentException("frame of " + width + "x" + height + " does not fit the buffer");
        }
        Sums sums = new Sums(withSquares);
        float[] luma = new float[width];
        for (int y = 0; y < height; y++) {
            Luma.row(pixels, offset + y * rowStride, width, bgr, luma);
            sums.addRow(y, luma, 0);
        }
        return sums.means();
    }

    /** Area-weighted sums per cell of values, and optionally of their squares, fed one pixel row at a time. */
    private final class Sums {
        private final double[] sums = new double[cells * cells];
        private final double[] squareSums;
        private final double[] rowSums = new double[cells];
        private final double[] rowSquares;

        Sums(boolean squares) {
            squareSums = squares ? new double[cells * cells] : null;
            rowSquares = squares ? new double[cells] : null;
        }

        void addRow(int y, float[] values, int from) {
            java.util.Arrays.fill(rowSums, 0);
            if (rowSquares != null) {
                java.util.Arrays.fill(rowSquares, 0);
            }
            for (int x = 0; x < width; x++) {
                float v = values[from + x];
                for (int k = columns.start[x]; k < columns.start[x + 1]; k++) {
                    double w = columns.overlap[k];
                    rowSums[columns.cell[k]] += w * v;
                    if (rowSquares != null) {
                        rowSquares[columns.cell[k]] += w * v * v;
                    }
                }
            }
            addToCells(y, rowSums, sums);
            if (rowSquares != null) {
                addToCells(y, rowSquares, squareSums);
            }
        }

        private void addToCells(int y, double[] row, double[] into) {
            for (int k = rows.start[y]; k < rows.start[y + 1]; k++) {
                int cellRow = rows.cell[k] * cells;
                double w = rows.overlap[k];
                for (int c = 0; c < cells; c++) {
                    into[cellRow + c] += w * row[c];
                }
            }
        }

        /** {@code {means, meanSquares}}, the second null without squares. */
        double[][] means() {
            double cellArea = ((double) width / cells) * ((double) height / cells);
            return new double[][] {divide(sums, cellArea), squareSums == null ? null : divide(squareSums, cellArea)};
        }

        private static double[] divide(double[] values, double by) {
            double[] out = new double[values.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = values[i] / by;
            }
            return out;
        }
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

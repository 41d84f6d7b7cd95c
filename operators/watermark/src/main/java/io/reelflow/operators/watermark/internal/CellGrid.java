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
        Luma luma = new Luma(bgr);
        for (int y = 0; y < height; y++) {
            sums.addLumaRow(y, pixels, offset + y * rowStride, luma);
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
            Axis a = columns;
            for (int c = 0; c < cells; c++) {
                double sum = 0;
                double squares = 0;
                for (int x = from + a.fullFrom[c], end = from + a.fullTo[c]; x < end; x++) {
                    float v = values[x];
                    sum += v;
                    squares += v * v;
                }
                for (int n = a.partialStart[c]; n < a.partialStart[c + 1]; n++) {
                    float v = values[from + a.partialPixel[n]];
                    double w = a.partialWeight[n];
                    sum += w * v;
                    squares += w * v * v;
                }
                rowSums[c] = sum;
                if (rowSquares != null) {
                    rowSquares[c] = squares;
                }
            }
            addRowToCells(y);
        }

        /**
         * {@link #addRow} of the luma of an 8-bit pixel row, computed as it is summed: a row buffer in between cost a
         * third of the pass. Float sums within a cell's span are exact for luma in 1/256 steps below 65,536 in total;
         * squares are summed about mid-grey, which keeps them small enough in float that a flat colour's standard
         * deviation (the masking cap's input) stays within a few hundredths of a grey level of 0.
         */
        void addLumaRow(int y, byte[] pixels, int rowOffset, Luma luma) {
            Axis a = columns;
            int[] fullFrom = a.fullFrom;
            int[] fullTo = a.fullTo;
            for (int c = 0; c < cells; c++) {
                float sum = 0;
                float centred = 0;
                for (int i = rowOffset + 3 * fullFrom[c], end = rowOffset + 3 * fullTo[c]; i < end; i += 3) {
                    float v = luma.at(pixels, i);
                    sum += v;
                    float d = v - 128;
                    centred += d * d;
                }
                // v^2 = (v - 128)^2 + 256 v - 128^2
                double squares = centred + 256.0 * sum - 16384.0 * (fullTo[c] - fullFrom[c]);
                double partialSum = 0;
                double partialSquares = 0;
                for (int n = a.partialStart[c]; n < a.partialStart[c + 1]; n++) {
                    float v = luma.at(pixels, rowOffset + 3 * a.partialPixel[n]);
                    double w = a.partialWeight[n];
                    partialSum += w * v;
                    partialSquares += w * v * v;
                }
                rowSums[c] = sum + partialSum;
                if (rowSquares != null) {
                    rowSquares[c] = squares + partialSquares;
                }
            }
            addRowToCells(y);
        }

        private void addRowToCells(int y) {
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
        // The same, per cell: the pixels wholly inside it [fullFrom, fullTo), then the partial ones with their weights.
        final int[] fullFrom;
        final int[] fullTo;
        final int[] partialStart;
        final int[] partialPixel;
        final double[] partialWeight;

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

            fullFrom = new int[cells];
            fullTo = new int[cells];
            java.util.Arrays.fill(fullFrom, -1);
            partialStart = new int[cells + 1];
            for (int e = 0; e < n; e++) {
                if (overlap[e] < 1.0) {
                    partialStart[cell[e] + 1]++;
                }
            }
            for (int k = 0; k < cells; k++) {
                partialStart[k + 1] += partialStart[k];
            }
            partialPixel = new int[partialStart[cells]];
            partialWeight = new double[partialStart[cells]];
            int[] filled = java.util.Arrays.copyOf(partialStart, cells);
            for (int p = 0; p < pixels; p++) {
                for (int e = start[p]; e < start[p + 1]; e++) {
                    int k = cell[e];
                    if (overlap[e] < 1.0) {
                        partialPixel[filled[k]] = p;
                        partialWeight[filled[k]++] = overlap[e];
                    } else {
                        if (fullFrom[k] < 0) {
                            fullFrom[k] = p;
                        }
                        fullTo[k] = p + 1;
                    }
                }
            }
            for (int k = 0; k < cells; k++) {
                if (fullFrom[k] < 0) {
                    fullFrom[k] = 0;
                    fullTo[k] = 0;
                }
            }
        }
    }
}

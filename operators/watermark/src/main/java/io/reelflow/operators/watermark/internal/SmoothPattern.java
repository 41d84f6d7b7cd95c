package io.reelflow.operators.watermark.internal;

/**
 * A pattern of one value per mark cell spread smoothly over a frame's pixels, in normalised coordinates: each cell
 * holds its value over its middle and hands over to its neighbour along a raised-cosine ramp {@link #TRANSITION} of a
 * cell wide around the border (held constant beyond the outermost centres). The ramps leave no cell edges for the eye
 * to catch on flat areas; the flat tops keep most of a block pattern's energy in the cell means the detector reads.
 */
public final class SmoothPattern {

    /** Width of the hand-over between neighbouring cells, in cells: 0 would be blocks, 1 a smooth interpolation. */
    static final double TRANSITION = 0.5;

    private final int cells;
    private final int width;
    private final int height;
    private final Basis columns;
    private final Basis rows;

    public SmoothPattern(int cells, int width, int height) {
        this.cells = cells;
        this.width = width;
        this.height = height;
        this.columns = new Basis(width, cells);
        this.rows = new Basis(height, cells);
    }

    /**
     * Mean pixel energy of the pattern per unit of mean cell energy, for values independent between cells: what a
     * cell amplitude costs in PSNR.
     */
    public double energyRatio() {
        return columns.energyRatio() * rows.energyRatio();
    }

    /**
     * Adds the pattern, rounded to whole grey levels, to R, G and B of an 8-bit three-channel frame in place
     * (clamped to 0..255): the same as {@link #toPixels} then adding, without a frame-sized buffer.
     */
    public void addTo(double[] perCell, byte[] pixels, int offset, int rowStride) {
        // Bilinear is separable: spread the two cell rows a pixel row lies between along x once, then blend them.
        double[] above = new double[width];
        double[] below = new double[width];
        int aboveRow = -1;
        byte[] deltas = new byte[width * 3]; // per byte of the row, so the add-and-clamp loop is one simple loop
        boolean rowMarks = false;
        for (int y = 0; y < height; y++) {
            // Rows on a cell's flat top repeat the row above: reuse its rounded deltas.
            boolean sameAsAbove = y > 0 && rows.lower[y] == rows.lower[y - 1]
                    && rows.upperWeight[y] == rows.upperWeight[y - 1];
            if (!sameAsAbove) {
                if (rows.lower[y] != aboveRow) {
                    aboveRow = rows.lower[y];
                    alongX(perCell, aboveRow, above);
                    alongX(perCell, Math.min(aboveRow + 1, cells - 1), below);
                }
                rowMarks = roundedRow(above, below, rows.upperWeight[y], deltas);
            }
            if (rowMarks) {
                addRow(deltas, pixels, offset + y * rowStride);
            }
        }
    }

    /** Cell row {@code row} of the pattern spread over the pixels of a row. */
    private void alongX(double[] perCell, int row, double[] into) {
        double[] rowValues = java.util.Arrays.copyOfRange(perCell, row * cells, (row + 1) * cells);
        for (int x = 0; x < width; x++) {
            into[x] = valueAt(rowValues, x);
        }
    }

    /** {@code above} and {@code below} blended by {@code weight}, rounded, thrice per pixel; whether any is not 0. */
    private static boolean roundedRow(double[] above, double[] below, double weight, byte[] deltas) {
        int any = 0;
        for (int x = 0; x < above.length; x++) {
            // Math.round for |v| < 128, cheaper (truncation is floor above 0); a mark is never near 128 grey levels
            int delta = Math.max(0, Math.min(255, (int) (above[x] + weight * (below[x] - above[x]) + 128.5))) - 128;
            deltas[3 * x] = (byte) delta;
            deltas[3 * x + 1] = (byte) delta;
            deltas[3 * x + 2] = (byte) delta;
            any |= delta;
        }
        return any != 0;
    }

    private static void addRow(byte[] deltas, byte[] pixels, int from) {
        for (int j = 0; j < deltas.length; j++) {
            int v = (pixels[from + j] & 0xFF) + deltas[j];
            pixels[from + j] = (byte) Math.min(Math.max(v, 0), 255);
        }
    }

    /** The pattern along pixel row {@code y}, still one value per cell column. */
    private void interpolateRow(double[] perCell, int y, double[] rowValues) {
        int r0 = rows.lower[y] * cells;
        double wy = rows.upperWeight[y];
        int r1 = r0 + (wy > 0 ? cells : 0);
        for (int c = 0; c < cells; c++) {
            rowValues[c] = (1 - wy) * perCell[r0 + c] + wy * perCell[r1 + c];
        }
    }

    private double valueAt(double[] rowValues, int x) {
        int c0 = columns.lower[x];
        double wx = columns.upperWeight[x];
        double v = rowValues[c0];
        return wx > 0 ? v + wx * (rowValues[c0 + 1] - v) : v;
    }

    /** The pattern's value at every pixel, row-major, before rounding: what tests check the response against. */
    float[] toPixels(double[] perCell, float[] pixels) {
        double[] rowValues = new double[cells];
        for (int y = 0; y < height; y++) {
            interpolateRow(perCell, y, rowValues);
            for (int x = 0; x < width; x++) {
                pixels[y * width + x] = (float) valueAt(rowValues, x);
            }
        }
        return pixels;
    }

    /**
     * What {@link #toPixels} followed by {@code grid.cellMeans} does to cell values, computed exactly for this frame
     * size without touching a pixel: the grid's means of the spread pattern are {@code R * values * C^T}, with
     * {@code R} and {@code C} ({@code grid cells x pattern cells}, row-major) returned in that order.
     */
    public double[][] response(CellGrid grid) {
        if (grid.width() != width || grid.height() != height) {
            throw new IllegalArgumentException("grid and pattern differ in size");
        }
        return new double[][] {rows.response(grid.rows(), height, grid.cells(), cells),
                columns.response(grid.columns(), width, grid.cells(), cells)};
    }

    /** Applies {@link #response} matrices to pattern values: {@code R * values * C^T}, {@code out x out}. */
    public static double[] respond(double[][] response, double[] values, int patternCells, int out) {
        double[] r = response[0];
        double[] c = response[1];
        // Both matrices are banded (a grid cell meets two or three pattern cells): work on the bands only.
        int[][] rBand = band(r, patternCells, out);
        int[][] cBand = band(c, patternCells, out);
        double[] temp = new double[out * patternCells];
        for (int i = 0; i < out; i++) {
            for (int k = rBand[0][i]; k < rBand[1][i]; k++) {
                double a = r[i * patternCells + k];
                for (int j = 0; j < patternCells; j++) {
                    temp[i * patternCells + j] += a * values[k * patternCells + j];
                }
            }
        }
        double[] result = new double[out * out];
        for (int i = 0; i < out; i++) {
            for (int j = 0; j < out; j++) {
                double sum = 0;
                for (int k = cBand[0][j]; k < cBand[1][j]; k++) {
                    sum += c[j * patternCells + k] * temp[i * patternCells + k];
                }
                result[i * out + j] = sum;
            }
        }
        return result;
    }

    /** Per row of a {@code rows x columns} matrix, {@code {first, end}} of its non-zero columns. */
    private static int[][] band(double[] matrix, int columns, int rows) {
        int[][] band = new int[2][rows];
        for (int i = 0; i < rows; i++) {
            int first = columns;
            int end = 0;
            for (int k = 0; k < columns; k++) {
                if (matrix[i * columns + k] != 0) {
                    first = Math.min(first, k);
                    end = k + 1;
                }
            }
            band[0][i] = Math.min(first, end);
            band[1][i] = end;
        }
        return band;
    }

    /** Bilinear weights along one axis: pixel p takes {@code 1 - w} of cell {@code lower} and {@code w} of the next. */
    private static final class Basis {
        final int[] lower;
        final double[] upperWeight;

        Basis(int pixels, int cells) {
            lower = new int[pixels];
            upperWeight = new double[pixels];
            for (int p = 0; p < pixels; p++) {
                double t = (p + 0.5) * cells / pixels - 0.5; // in cell units, 0 at the first cell's centre
                if (t <= 0 || cells == 1) {
                    lower[p] = 0;
                } else if (t >= cells - 1) {
                    lower[p] = cells - 1;
                } else {
                    lower[p] = (int) t;
                    double ramp = (t - lower[p] - 0.5) / TRANSITION + 0.5; // 0..1 across the hand-over
                    upperWeight[p] = ramp <= 0 ? 0 : ramp >= 1 ? 1 : (1 - Math.cos(Math.PI * ramp)) / 2;
                }
            }
        }

        double energyRatio() {
            double sum = 0;
            for (double w : upperWeight) {
                sum += (1 - w) * (1 - w) + w * w;
            }
            return sum / upperWeight.length;
        }

        /** {@code response[k][j]}: the mean over grid cell k of the pixels' weight on pattern cell j. */
        double[] response(CellGrid.Axis axis, int pixels, int gridCells, int cells) {
            double[] response = new double[gridCells * cells];
            double cellLength = (double) pixels / gridCells;
            for (int p = 0; p < pixels; p++) {
                for (int n = axis.start[p]; n < axis.start[p + 1]; n++) {
                    int k = axis.cell[n];
                    double w = axis.overlap[n] / cellLength;
                    response[k * cells + lower[p]] += w * (1 - upperWeight[p]);
                    if (upperWeight[p] > 0) {
                        response[k * cells + lower[p] + 1] += w * upperWeight[p];
                    }
                }
            }
            return response;
        }
    }
}

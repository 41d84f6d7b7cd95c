package io.reelflow.operators.watermark.internal;

/**
 * What the detector keeps of each frame: its luma averaged onto a fine grid in normalised coordinates ({@link #FINE}
 * cells per side, four per mark cell), high-passed and limited, summed over frames. Finer than the mark's grid so the
 * detector can later lay the mark's cells over it at any offset and scale (see {@link AlignmentSearch}).
 *
 * <p>Host-interference rejection: each fine cell minus the mean of the fine cells within {@link #RADIUS} (about three
 * mark cells across), which removes the picture's smooth content while the mark (independent random signs per mark
 * cell) passes almost unchanged. What remains of the picture is heavy-tailed (edges, and the visible mark drawn over
 * the output), so values are limited relative to their robust standard deviation (median |value| / 0.6745): clipped
 * beyond 1.5 and erased beyond 4, so a strong edge or an opaque overlay does not outvote the cells around it. The
 * limits depend only on the content's magnitudes, never on the key, so unmarked content still gives correlations
 * symmetric around zero (what {@link FalsePositive} relies on). Cells clipped to pure white or black stay out of the
 * robust standard deviation.
 */
public final class FineEvidence {

    /** Fine cells per side. */
    public static final int FINE = MarkScheme.GRID * 4;
    /** High-pass window radius in fine cells: 13 across, about three mark cells. */
    static final int RADIUS = 6;
    static final double CLIP_SIGMAS = 1.5;
    static final double ERASE_SIGMAS = 4.0;
    /** Least robust standard deviation assumed, grey levels: a fraction of the quantisation step. */
    static final double MIN_SIGMA = 0.1;
    /** Fine means at or beyond these are all-white or all-black cells (a hair inside, for floating-point sums). */
    static final double SATURATED_HIGH = 255 - 1e-6;
    static final double SATURATED_LOW = 1e-6;

    private final double[] sum = new double[FINE * FINE];
    private int frames;

    /** Adds one frame's fine-grid means ({@code FINE x FINE}, row-major). */
    public void add(double[] fineMeans) {
        double[] evidence = of(fineMeans);
        for (int i = 0; i < evidence.length; i++) {
            sum[i] += evidence[i];
        }
        frames++;
    }

    /** One frame's evidence: its fine-grid means high-passed and limited. */
    public static double[] of(double[] fineMeans) {
        double[] residual = highPass(fineMeans);
        // The scale is measured on cells not clipped to pure white or black. Where a brightness gain has clipped most
        // of a frame (a white background), those cells are flat, their median would set the scale to its floor, and
        // every cell that still carries the mark would be erased as an outlier. (Their own values stay: on a white
        // original the clipped tops of the mark's positive cells still stand out from the cells around them.)
        double[] magnitudes = new double[residual.length];
        int kept = 0;
        for (int i = 0; i < residual.length; i++) {
            if (!saturated(fineMeans[i])) {
                magnitudes[kept++] = Math.abs(residual[i]);
            }
        }
        // A floor keeps mostly flat frames (median near 0) from erasing what little they carry.
        double sigma = kept == 0 ? MIN_SIGMA : Math.max(MIN_SIGMA, median(magnitudes, kept) / 0.6745);
        double clip = CLIP_SIGMAS * sigma;
        double erase = ERASE_SIGMAS * sigma;
        for (int i = 0; i < residual.length; i++) {
            double v = residual[i];
            residual[i] = Math.abs(v) > erase ? 0 : Math.max(-clip, Math.min(clip, v));
        }
        return residual;
    }

    /** Every pixel of the cell at 255, or at 0 (luma's weights sum to 1: only then is the mean exactly that). */
    public static boolean saturated(double fineMean) {
        return fineMean >= SATURATED_HIGH || fineMean <= SATURATED_LOW;
    }

    /** Fine values averaged onto the mark's cells as they lie in an uncropped frame (four by four per cell). */
    public static double[] wholeFrameCells(double[] fine) {
        int ratio = FINE / MarkScheme.GRID;
        double[] cells = new double[MarkScheme.GRID * MarkScheme.GRID];
        for (int y = 0; y < FINE; y++) {
            for (int x = 0; x < FINE; x++) {
                cells[(y / ratio) * MarkScheme.GRID + x / ratio] += fine[y * FINE + x];
            }
        }
        for (int c = 0; c < cells.length; c++) {
            cells[c] /= ratio * ratio;
        }
        return cells;
    }

    public int frames() {
        return frames;
    }

    /** The summed evidence, row-major {@code FINE x FINE}; a copy. */
    public double[] sum() {
        return sum.clone();
    }

    /** Each value minus the mean of its window (the part of the window inside the grid). */
    static double[] highPass(double[] values) {
        double[] local = boxMean(boxMean(values, 1, FINE), FINE, 1);
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[i] - local[i];
        }
        return out;
    }

    /** Box mean of radius {@link #RADIUS} along one axis: {@code step} between neighbours, {@code lineStep} between lines. */
    private static double[] boxMean(double[] values, int step, int lineStep) {
        double[] out = new double[values.length];
        double[] prefix = new double[FINE + 1];
        for (int line = 0; line < FINE; line++) {
            int base = line * lineStep;
            for (int k = 0; k < FINE; k++) {
                prefix[k + 1] = prefix[k] + values[base + k * step];
            }
            for (int k = 0; k < FINE; k++) {
                int from = Math.max(0, k - RADIUS);
                int to = Math.min(FINE, k + RADIUS + 1);
                out[base + k * step] = (prefix[to] - prefix[from]) / (to - from);
            }
        }
        return out;
    }

    /**
     * Median of the first {@code count} values (the upper one of an even count) by quickselect, reordering them in
     * place: a full sort of 65,536 values cost more than the rest of a frame.
     */
    static double median(double[] abs, int count) {
        int k = count / 2;
        int lo = 0;
        int hi = count - 1;
        while (lo < hi) {
            double pivot = abs[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (abs[i] < pivot) {
                    i++;
                }
                while (abs[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = abs[i];
                    abs[i++] = abs[j];
                    abs[j--] = t;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                break;
            }
        }
        return abs[k];
    }
}

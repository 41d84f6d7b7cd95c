package io.reelflow.operators.watermark.internal;

import java.util.Arrays;

/**
 * The per-cell evidence both the detector and the informed embedder compute from a frame's cell means.
 *
 * <p>Host-interference rejection: each cell mean minus the mean of its (up to 8) neighbours. Pictures are smooth at
 * cell scale, so this removes most of the picture, while the mark (independent random signs per cell) passes almost
 * unchanged. What remains of the picture is heavy-tailed (edges, and the visible mark the encoder draws over the
 * output), so residuals are then limited relative to their robust standard deviation (median |residual| / 0.6745):
 * clipped beyond 1.5 and erased beyond 4, which keeps a strong edge or an opaque overlay from outvoting the cells around it. The limits
 * depend only on the content's magnitudes, never on the key, so unmarked content still gives correlations symmetric
 * around zero (what {@link FalsePositive} relies on).
 */
public final class CellResidual {

    /** Clip level in robust standard deviations. */
    static final double CLIP_SIGMAS = 1.5;
    /** Residuals beyond this many are dropped, not clipped: cells under the visible mark or a hard edge say nothing. */
    static final double ERASE_SIGMAS = 4.0;

    private CellResidual() {}

    public static double[] of(double[] means, int grid) {
        double[] residual = new double[means.length];
        for (int row = 0; row < grid; row++) {
            for (int col = 0; col < grid; col++) {
                double sum = 0;
                int n = 0;
                for (int dr = -1; dr <= 1; dr++) {
                    for (int dc = -1; dc <= 1; dc++) {
                        int r = row + dr;
                        int c = col + dc;
                        if ((dr != 0 || dc != 0) && r >= 0 && r < grid && c >= 0 && c < grid) {
                            sum += means[r * grid + c];
                            n++;
                        }
                    }
                }
                residual[row * grid + col] = means[row * grid + col] - sum / n;
            }
        }
        double sigma = medianAbs(residual) / 0.6745;
        limit(residual, CLIP_SIGMAS * sigma, ERASE_SIGMAS * sigma);
        return residual;
    }

    private static void limit(double[] values, double clip, double erase) {
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            values[i] = Math.abs(v) > erase ? 0 : Math.max(-clip, Math.min(clip, v));
        }
    }

    private static double medianAbs(double[] values) {
        double[] abs = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            abs[i] = Math.abs(values[i]);
        }
        Arrays.sort(abs);
        return abs[abs.length / 2];
    }
}

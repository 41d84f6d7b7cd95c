package io.reelflow.operators.watermark.internal;

import java.util.Arrays;

/**
 * The per-cell evidence both the detector and the informed embedder compute from a frame's cell means.
 *
 * <p>Host-interference rejection: each cell mean minus the mean of its (up to 8) neighbours. Pictures are smooth at
 * cell scale, so this removes most of the picture, while the mark (independent random signs per cell) passes almost
 * unchanged. What remains of the picture is heavy-tailed (edges), so residuals are then clipped at a multiple of
 * their robust scale (median absolute value), which keeps one strong edge from outvoting the cells around it. The
 * clip level depends only on the content's magnitudes, never on the key, so unmarked content still gives correlations
 * symmetric around zero (what {@link FalsePositive} relies on).
 */
public final class CellResidual {

    /** Clip level in robust standard deviations (median |residual| / 0.6745). */
    static final double CLIP_SIGMAS = 1.5;

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
        clip(residual, CLIP_SIGMAS * medianAbs(residual) / 0.6745);
        return residual;
    }

    private static void clip(double[] values, double limit) {
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.max(-limit, Math.min(limit, values[i]));
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

package io.reelflow.operators.watermark;

import io.reelflow.operators.watermark.internal.CellGrid;
import io.reelflow.operators.watermark.internal.CellResidual;
import io.reelflow.operators.watermark.internal.MarkLayout;
import io.reelflow.operators.watermark.internal.MarkScheme;
import io.reelflow.operators.watermark.internal.PayloadCodec;
import io.reelflow.pipeline.Frames;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Embeds a 64-bit watermark id into the luminance of every frame, at the frames' native size.
 *
 * <p>Scheme: spread spectrum on cell means. A fixed 32x32 grid is laid over the frame in normalised coordinates; each
 * cell is brightened or darkened as a whole, by the same amount in R, G and B, with the sign given by a keyed
 * pseudo-random pattern times the code bit the cell carries (about 6 scattered cells per bit, see
 * {@code MarkLayout}). The payload (id + CRC-16) is protected by a rate 1/2, K=7 convolutional code: 172 code bits.
 * The same pattern goes into every frame, so the detector sums evidence over frames.
 *
 * <p>Why cell means and spread spectrum rather than pixels or QIM: what the encode stage does (scaling by any factor
 * and aspect, blending neighbouring frames to change the rate) is linear and preserves local means, so an additive
 * cell pattern reaches a detector that area-averages the output onto the same grid intact at any size, and a blend
 * of marked frames carries the same pattern. QIM rejects the host better, but a blend of two quantised values is not
 * quantised, so it breaks under frame blending. H.264 keeps the low frequencies a cell pattern lives in.
 *
 * <p>Host interference is rejected on both sides. The detector correlates robust cell residuals (cell minus its
 * neighbours, clipped; see {@code CellResidual}), which removes smooth picture content and limits edges. The embedder
 * is informed (improved spread spectrum): it runs the detector's statistic on the marked frame and raises the
 * amplitude of the bits the picture works against until each reaches a target margin, funding the cheapest bits
 * first within the frame's distortion budget (RMS 2.4 grey levels, PSNR >= 40 dB) and leaving hopeless ones to the
 * error-correcting code; budget left over scales the whole mark up. Margins are linear in the frame, so blends of
 * marked frames keep them.
 *
 * <p>Not yet (issue 5): synchronisation against crops and shifts (the grid assumes the whole frame is present),
 * perceptual shaping (flat areas get the same amplitude as textured ones), transform-domain embedding.
 */
public final class WatermarkEmbedder {

    // Tuned on flat, gradient, noise and natural-looking frames through bilinear/bicubic scaling and 1080p H.264 at
    // 0.15 bpp (see WatermarkRobustnessTest): a low base and margin leave the budget for bits the picture works
    // against; whatever is left is spent on a uniformly stronger mark.
    /** Amplitude every cell starts with, grey levels at strength 1. */
    static final double BASE_AMPLITUDE = 0.5;
    /** Correlation each code bit should reach, per cell of the bit, at strength 1. */
    static final double TARGET_MARGIN = 0.7;
    /** Largest amplitude the informed step may give a cell, at strength 1. */
    static final double MAX_AMPLITUDE = 8.0;
    /** RMS of the mark per frame, grey levels at strength 1: 2.4 keeps PSNR above 40 dB (20 log10(255 / 2.55)). */
    static final double RMS_BUDGET = 2.4;
    /** Most the final step may scale the whole mark by to use the rest of the budget. */
    static final double MAX_BOOST = 3.0;
    private static final int INFORMED_ROUNDS = 4;

    private final MarkLayout layout;
    private final double strength;

    private WatermarkEmbedder(MarkLayout layout, double strength) {
        this.layout = layout;
        this.strength = strength;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A copy of {@code frames} with {@code watermarkId} (16 hex digits) embedded in every frame. */
    public Frames embed(Frames frames, String watermarkId) {
        int[] symbols = symbols(parseId(watermarkId));
        CellGrid grid = new CellGrid(MarkScheme.GRID, frames.width(), frames.height());
        byte[] marked = new byte[frames.rgb().length];
        for (int f = 0; f < frames.count(); f++) {
            embedFrame(grid, frames.rgb(), marked, frames.offset(f), symbols);
        }
        return new Frames(frames.width(), frames.height(), frames.count(), marked);
    }

    private void embedFrame(CellGrid grid, byte[] source, byte[] target, int offset, int[] symbols) {
        float[] luma = new float[grid.width() * grid.height()];
        double[] amplitude = new double[layout.groups()];
        Arrays.fill(amplitude, BASE_AMPLITUDE * strength);
        for (int round = 0; round < INFORMED_ROUNDS; round++) {
            apply(grid.toPixels(pattern(amplitude, symbols)), source, target, offset, luma);
            double[] margins = layout.correlate(CellResidual.of(grid.cellMeans(luma), MarkScheme.GRID));
            double[] wanted = new double[amplitude.length];
            for (int g = 0; g < amplitude.length; g++) {
                int n = layout.cellsOf(g).length;
                double shortfall = TARGET_MARGIN * strength * n - symbols[g] * margins[g];
                wanted[g] = amplitude[g] + Math.max(0, shortfall) / n;
            }
            amplitude = withinBudget(wanted);
        }
        // Spend what the budget has left on robustness: a uniformly stronger mark only widens every margin.
        double boost = Math.min(MAX_BOOST, Math.sqrt(budget() / energy(amplitude)));
        for (int g = 0; g < amplitude.length; g++) {
            amplitude[g] *= boost;
        }
        apply(grid.toPixels(pattern(amplitude, symbols)), source, target, offset, luma);
    }

    private double[] pattern(double[] amplitude, int[] symbols) {
        double[] perCell = new double[layout.cells()];
        for (int c = 0; c < perCell.length; c++) {
            int g = layout.group(c);
            perCell[c] = layout.sign(c) * symbols[g] * amplitude[g];
        }
        return perCell;
    }

    private double budget() {
        return RMS_BUDGET * RMS_BUDGET * strength * strength * layout.cells();
    }

    private double energy(double[] amplitude) {
        double energy = 0;
        for (int g = 0; g < amplitude.length; g++) {
            energy += layout.cellsOf(g).length * amplitude[g] * amplitude[g];
        }
        return energy;
    }

    /**
     * Grants the wanted amplitudes, cheapest bits first, while the frame's mark stays within the RMS budget; bits
     * that would cost more than the cap or the budget fall back to the base amplitude and are left to the
     * error-correcting code. Spending the budget where it buys most bits is what lets detailed pictures carry the mark.
     */
    private double[] withinBudget(double[] wanted) {
        double base = BASE_AMPLITUDE * strength;
        double budget = budget();
        Integer[] cheapestFirst = new Integer[wanted.length];
        double energy = 0;
        for (int g = 0; g < wanted.length; g++) {
            cheapestFirst[g] = g;
            energy += layout.cellsOf(g).length * base * base;
        }
        Arrays.sort(cheapestFirst, (a, b) -> Double.compare(wanted[a], wanted[b]));
        double[] granted = new double[wanted.length];
        Arrays.fill(granted, base);
        for (int g : cheapestFirst) {
            int n = layout.cellsOf(g).length;
            double extra = n * (wanted[g] * wanted[g] - base * base);
            if (wanted[g] > MAX_AMPLITUDE * strength || energy + extra > budget) {
                break;
            }
            granted[g] = wanted[g];
            energy += extra;
        }
        return granted;
    }

    /** Adds each pixel's offset to R, G and B (rounded, clamped) and writes the resulting luma. */
    private static void apply(float[] offsets, byte[] source, byte[] target, int offset, float[] luma) {
        for (int p = 0, i = offset; p < offsets.length; p++, i += 3) {
            float delta = offsets[p];
            int r = clamp(Math.round((source[i] & 0xFF) + delta));
            int g = clamp(Math.round((source[i + 1] & 0xFF) + delta));
            int b = clamp(Math.round((source[i + 2] & 0xFF) + delta));
            target[i] = (byte) r;
            target[i + 1] = (byte) g;
            target[i + 2] = (byte) b;
            luma[p] = 0.299f * r + 0.587f * g + 0.114f * b;
        }
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }

    /** +1/-1 per code bit. */
    private static int[] symbols(long id) {
        int[] bits = PayloadCodec.encode(id);
        int[] symbols = new int[bits.length];
        for (int i = 0; i < bits.length; i++) {
            symbols[i] = bits[i] == 1 ? 1 : -1;
        }
        return symbols;
    }

    static long parseId(String watermarkId) {
        if (watermarkId == null || !watermarkId.matches("[0-9a-f]{16}")) {
            throw new IllegalArgumentException("watermark id must be 16 lower-case hex digits: " + watermarkId);
        }
        return HexFormat.fromHexDigitsToLong(watermarkId);
    }

    public static final class Builder {
        private WatermarkKey key;
        private double strength = Double.NaN;

        public Builder key(WatermarkKey key) {
            this.key = key;
            return this;
        }

        /** {@code watermark.strength}: scales every amplitude; 1.0 keeps PSNR at or above 40 dB. */
        public Builder strength(double strength) {
            this.strength = strength;
            return this;
        }

        public WatermarkEmbedder build() {
            if (key == null) {
                throw new IllegalStateException("key is required");
            }
            if (!(strength > 0 && strength <= 10)) {
                throw new IllegalStateException("strength must be in (0, 10], was " + strength);
            }
            return new WatermarkEmbedder(MarkScheme.layout(key.patternKey()), strength);
        }
    }
}

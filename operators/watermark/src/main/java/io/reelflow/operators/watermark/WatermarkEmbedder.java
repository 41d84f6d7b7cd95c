package io.reelflow.operators.watermark;

import io.reelflow.operators.watermark.internal.CellGrid;
import io.reelflow.operators.watermark.internal.FineEvidence;
import io.reelflow.operators.watermark.internal.MarkLayout;
import io.reelflow.operators.watermark.internal.MarkScheme;
import io.reelflow.operators.watermark.internal.PayloadCodec;
import io.reelflow.operators.watermark.internal.SmoothPattern;
import io.reelflow.pipeline.Frames;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Embeds a 64-bit watermark id into the luminance of every frame, at the frames' native size.
 *
 * <p>Scheme: spread spectrum in the Haar approximation band at the scale of a 64x64 grid laid over the frame in
 * normalised coordinates. Each cell carries a keyed pseudo-random sign times the code bit it belongs to (about 24
 * scattered cells per bit, see {@code MarkLayout}), by the same amount in R, G and B, spread over the pixels as a
 * flat-topped pattern with smooth hand-overs between cells ({@code SmoothPattern}: no edges for the eye on flat
 * areas). The payload (id + CRC-16) is protected by a rate 1/2, K=7 convolutional code: 172 code bits. The same
 * pattern goes into every frame, so the detector sums evidence over frames; the payload cells double as the
 * synchronisation pattern the detector searches for after a crop ({@code AlignmentSearch}).
 *
 * <p>Why cell means and spread spectrum rather than pixels or QIM: what the encode stage and the web do (scaling by
 * any factor and aspect, blending neighbouring frames to change the rate, cropping) is linear and preserves local
 * means, so an additive cell pattern reaches a detector that area-averages the output onto the same grid intact at
 * any size, and a blend of marked frames carries the same pattern. QIM rejects the host better, but a blend of two
 * quantised values is not quantised, so it breaks under frame blending. Video codecs keep the low frequencies a cell
 * pattern lives in. 64 cells per side rather than 32: natural pictures have four times less energy per cell at twice
 * the frequency, and four times the cells per bit average it down further.
 *
 * <p>Host interference is rejected on both sides. The detector high-passes and limits the frame on a grid four
 * times finer ({@code FineEvidence}), which removes smooth picture content and limits edges. The embedder is
 * informed (improved spread spectrum): it runs the detector's statistic on the marked frame (on cell values alone:
 * the marked frame's fine means are the original's plus the pattern's exact response) and raises the amplitude of
 * the bits the picture works against until each reaches a target margin, funding the cheapest bits first within the
 * frame's distortion budget (RMS 2.4 grey levels, PSNR >= 40 dB) and leaving hopeless ones to the error-correcting
 * code; budget left over scales the whole mark up. No cell exceeds its masking cap: 2 grey levels where the picture
 * is flat, more where texture hides it.
 */
public final class WatermarkEmbedder {

    // Tuned on flat, gradient, noise and natural-looking frames through bilinear/bicubic scaling, crops and 1080p
    // H.264 at 0.15 bpp (see WatermarkDetectorTest, WatermarkRobustnessTest): a low base and margin leave the budget for bits the picture works
    // against; whatever is left is spent on a uniformly stronger mark.
    /** Amplitude every cell starts with, grey levels at strength 1. */
    static final double BASE_AMPLITUDE = 0.5;
    /** Correlation each code bit should reach, per cell of the bit, at strength 1. */
    static final double TARGET_MARGIN = 0.35;
    /** Largest amplitude the informed step may give a cell, at strength 1. */
    static final double MAX_AMPLITUDE = 8.0;
    /**
     * Largest amplitude of a cell without texture, at strength 1: a 2-grey-level undulation with smooth hand-overs,
     * a cell (1/64 of the frame) wide, is about 1.5 % contrast on mid-grey, near the eye's threshold at that scale.
     */
    static final double FLAT_AMPLITUDE = 2.0;
    /** Amplitude a cell may add per grey level of luma standard deviation inside it (texture masks the mark). */
    static final double MASKING = 2.0;
    /** RMS of the mark per frame, grey levels at strength 1: 2.4 keeps PSNR above 40 dB (20 log10(255 / 2.55)). */
    static final double RMS_BUDGET = 2.4;
    /** Most the final step may scale the whole mark by to use the rest of the budget. */
    static final double MAX_BOOST = 3.0;
    private static final int INFORMED_ROUNDS = 3;

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
        FrameMarker marker = marker(frames.width(), frames.height(), watermarkId);
        byte[] marked = frames.rgb().clone();
        for (int f = 0; f < frames.count(); f++) {
            marker.mark(marked, frames.offset(f), frames.width() * 3, ChannelOrder.RGB);
        }
        return new Frames(frames.width(), frames.height(), frames.count(), marked);
    }

    /** Marks frames of one size one at a time, in place: a decoder's frame buffers, say. Reuse it for a video. */
    public FrameMarker marker(int width, int height, String watermarkId) {
        return new FrameMarker(width, height, symbols(parseId(watermarkId)));
    }

    /** Per-size working state: the grids, the pattern's response and buffers. Not thread-safe. */
    public final class FrameMarker {
        private final CellGrid fineGrid;
        private final SmoothPattern spread;
        private final double[][] response;
        /** Cell energy the RMS budget allows, given what a cell amplitude costs in pixels at this size. */
        private final double budget;
        private final int[] symbols;

        FrameMarker(int width, int height, int[] symbols) {
            fineGrid = new CellGrid(FineEvidence.FINE, width, height);
            spread = new SmoothPattern(MarkScheme.GRID, width, height);
            response = spread.response(fineGrid);
            budget = RMS_BUDGET * RMS_BUDGET * strength * strength * layout.cells() / spread.energyRatio();
            this.symbols = symbols;
        }

        /** Marks the 8-bit three-channel frame at {@code offset} of {@code pixels}, rows {@code rowStride} apart. */
        public void mark(byte[] pixels, int offset, int rowStride, ChannelOrder order) {
            double[][] moments = fineGrid.lumaMoments(pixels, offset, rowStride, order == ChannelOrder.BGR);
            double[] caps = maskingCaps(FineEvidence.wholeFrameCells(moments[0]), FineEvidence.wholeFrameCells(moments[1]));
            spread.addTo(pattern(amplitudes(moments[0], caps), caps, symbols), pixels, offset, rowStride);
        }

        /**
         * The most each cell may carry: flat cells (where the eye would see a pattern) little, textured cells (which
         * mask it) more, in proportion to the luma's standard deviation inside the cell.
         */
        private double[] maskingCaps(double[] means, double[] meanSquares) {
            double[] caps = new double[means.length];
            for (int c = 0; c < caps.length; c++) {
                double deviation = Math.sqrt(Math.max(0, meanSquares[c] - means[c] * means[c]));
                caps[c] = Math.min(MAX_AMPLITUDE, FLAT_AMPLITUDE + MASKING * deviation) * strength;
            }
            return caps;
        }

        /**
         * Informed embedding without touching pixels: the marked frame's fine means are the original's plus the
         * pattern's exact response, so each round runs the detector's own statistic (uncropped) on 256x256 values.
         * Rounding to whole grey levels and clamping at 0 and 255 are left out; the caller's check reads the real pixels.
         */
        private double[] amplitudes(double[] fineMeans, double[] caps) {
            double[] amplitude = new double[layout.groups()];
            Arrays.fill(amplitude, BASE_AMPLITUDE * strength);
            double[] marked = new double[fineMeans.length];
            for (int round = 0; round < INFORMED_ROUNDS; round++) {
                double[] response = SmoothPattern.respond(this.response, pattern(amplitude, caps, symbols),
                        MarkScheme.GRID, FineEvidence.FINE);
                for (int c = 0; c < marked.length; c++) {
                    marked[c] = fineMeans[c] + response[c];
                }
                // The detector's own reading of an uncropped frame (AlignmentSearch at WHOLE is this average).
                double[] cells = FineEvidence.wholeFrameCells(FineEvidence.of(marked));
                double[] margins = layout.correlate(cells);
                double[] wanted = new double[amplitude.length];
                for (int g = 0; g < amplitude.length; g++) {
                    int n = layout.cellsOf(g).length;
                    double shortfall = TARGET_MARGIN * strength * n - symbols[g] * margins[g];
                    wanted[g] = amplitude[g] + Math.max(0, shortfall) / n;
                }
                amplitude = withinBudget(wanted, budget);
            }
            // Spend what the budget has left on robustness: a uniformly stronger mark only widens every margin.
            double boost = Math.min(MAX_BOOST, Math.sqrt(budget / energy(amplitude)));
            for (int g = 0; g < amplitude.length; g++) {
                amplitude[g] *= boost;
            }
            return amplitude;
        }
    }

    /** Per-cell values: the keyed sign times the bit's symbol times its amplitude, within the cell's masking cap. */
    private double[] pattern(double[] amplitude, double[] caps, int[] symbols) {
        double[] perCell = new double[layout.cells()];
        for (int c = 0; c < perCell.length; c++) {
            int g = layout.group(c);
            perCell[c] = layout.sign(c) * symbols[g] * Math.min(amplitude[g], caps[c]);
        }
        return perCell;
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
    private double[] withinBudget(double[] wanted, double budget) {
        double base = BASE_AMPLITUDE * strength;
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

package io.reelflow.operators.watermark;

import io.reelflow.operators.watermark.internal.AlignmentSearch;
import io.reelflow.operators.watermark.internal.AlignmentSearch.Aligned;
import io.reelflow.operators.watermark.internal.AlignmentSearch.Alignment;
import io.reelflow.operators.watermark.internal.FalsePositive;
import io.reelflow.operators.watermark.internal.MarkLayout;
import io.reelflow.operators.watermark.internal.MarkScheme;
import io.reelflow.operators.watermark.internal.PayloadCodec;
import io.reelflow.pipeline.Frames;
import java.util.HexFormat;

/**
 * Reads the watermark back from frames of any size: the encoder's output after scaling, frame-rate conversion and
 * compression, a crop keeping at least 85 % of each axis, or the native frames. Evidence is summed over frames (see
 * {@link DetectionAccumulator}); the mark's grid is then laid over it as the whole frame and at the best-scoring
 * cropped alignments ({@code AlignmentSearch}), and each alignment's code-bit correlations are decoded by soft
 * Viterbi and checked by the CRC.
 *
 * <p>The false-positive probability is a bound that holds for any content (see {@code FalsePositive}): it follows
 * from the number of code-bit errors the decoder corrected, not from how strong the correlations look, so busy
 * pictures cannot inflate it, times the number of alignments decoded (a union bound over the tries). The default
 * threshold reports a detection at or below 1e-9, which allows up to 16 of 172 code bits in error over three
 * alignments.
 */
public final class WatermarkDetector {

    /** Default largest false-positive probability still reported as a detection. */
    public static final double DEFAULT_MAX_FALSE_POSITIVE_PROBABILITY = 1e-9;

    /** Cropped alignments decoded besides the whole frame. */
    static final int CROPPED_ALIGNMENTS = 2;

    private final MarkLayout layout;
    private final double maxFalsePositiveProbability;
    private final boolean searchCrops;

    private WatermarkDetector(MarkLayout layout, double maxFalsePositiveProbability, boolean searchCrops) {
        this.layout = layout;
        this.maxFalsePositiveProbability = maxFalsePositiveProbability;
        this.searchCrops = searchCrops;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Detects over all frames of {@code frames}. */
    public Detection detect(Frames frames) {
        return accumulator().add(frames).result();
    }

    /** A fresh accumulator to feed frames one by one. */
    public DetectionAccumulator accumulator() {
        return new DetectionAccumulator(this);
    }

    Detection decide(double[] fineEvidence, int frames) {
        if (frames == 0) {
            return new Detection(false, null, 0, 0, 1.0, Detection.Region.WHOLE);
        }
        // The bound counts every alignment the procedure may decode, also when the first one already reads.
        int mayDecode = searchCrops ? 1 + CROPPED_ALIGNMENTS : 1;
        AlignmentSearch search = new AlignmentSearch(layout, fineEvidence);
        Alignment where = Alignment.WHOLE;
        PayloadCodec.Decoded best = decode(search.at(where));
        if (searchCrops && !(best.integrityOk() && falsePositive(best, mayDecode) <= maxFalsePositiveProbability)) {
            for (Aligned cropped : search.best(CROPPED_ALIGNMENTS + 1).stream()
                    .filter(a -> !a.alignment().near(Alignment.WHOLE)).limit(CROPPED_ALIGNMENTS).toList()) {
                PayloadCodec.Decoded decoded = decode(cropped);
                if (better(decoded, best)) {
                    best = decoded;
                    where = cropped.alignment();
                }
            }
        }
        Detection.Region region = where.equals(Alignment.WHOLE) ? Detection.Region.WHOLE
                : new Detection.Region(where.keptX(), where.offsetX(), where.keptY(), where.offsetY());
        if (!best.integrityOk()) {
            return new Detection(false, null, best.bitErrors(), frames, 1.0, region);
        }
        double falsePositive = falsePositive(best, mayDecode);
        String id = HexFormat.of().toHexDigits(best.id());
        return new Detection(
                falsePositive <= maxFalsePositiveProbability, id, best.bitErrors(), frames, falsePositive, region);
    }

    private PayloadCodec.Decoded decode(Aligned aligned) {
        return PayloadCodec.decode(layout.correlate(aligned.cellEvidence()));
    }

    private static double falsePositive(PayloadCodec.Decoded decoded, int alignments) {
        return Math.min(1.0, alignments * FalsePositive.probability(decoded.bitErrors()));
    }

    /** A payload whose CRC holds beats one whose does not; then fewer corrected errors win. */
    private static boolean better(PayloadCodec.Decoded a, PayloadCodec.Decoded b) {
        if (a.integrityOk() != b.integrityOk()) {
            return a.integrityOk();
        }
        return a.bitErrors() < b.bitErrors();
    }

    public static final class Builder {
        private WatermarkKey key;
        private double maxFalsePositiveProbability = DEFAULT_MAX_FALSE_POSITIVE_PROBABILITY;
        private boolean searchCrops = true;

        public Builder key(WatermarkKey key) {
            this.key = key;
            return this;
        }

        /** Reports a detection only when the false-positive probability is at most this. */
        public Builder maxFalsePositiveProbability(double probability) {
            this.maxFalsePositiveProbability = probability;
            return this;
        }

        /**
         * Whether to look for the mark in cropped alignments too (default true). The embedder's own check reads
         * uncropped frames and turns it off: one alignment is faster and its bound is three times tighter.
         */
        public Builder searchCrops(boolean searchCrops) {
            this.searchCrops = searchCrops;
            return this;
        }

        public WatermarkDetector build() {
            if (key == null) {
                throw new IllegalStateException("key is required");
            }
            if (!(maxFalsePositiveProbability > 0 && maxFalsePositiveProbability < 1)) {
                throw new IllegalStateException("maxFalsePositiveProbability must be in (0, 1), was " + maxFalsePositiveProbability);
            }
            return new WatermarkDetector(MarkScheme.layout(key.patternKey()), maxFalsePositiveProbability, searchCrops);
        }
    }
}

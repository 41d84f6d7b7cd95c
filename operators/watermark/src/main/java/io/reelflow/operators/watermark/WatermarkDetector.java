package io.reelflow.operators.watermark;

import io.reelflow.operators.watermark.internal.FalsePositive;
import io.reelflow.operators.watermark.internal.MarkLayout;
import io.reelflow.operators.watermark.internal.MarkScheme;
import io.reelflow.operators.watermark.internal.PayloadCodec;
import io.reelflow.pipeline.Frames;
import java.util.HexFormat;

/**
 * Reads the watermark back from frames of any size: the encoder's output after scaling, frame-rate conversion and
 * compression, or the native frames. Evidence is summed over frames (see {@link DetectionAccumulator}), then the
 * code bits' correlations are decoded by soft Viterbi and checked by the CRC.
 *
 * <p>The false-positive probability is a bound that holds for any content (see {@code FalsePositive}): it follows
 * from the number of code-bit errors the decoder corrected, not from how strong the correlations look, so busy
 * pictures cannot inflate it. The default threshold reports a detection at or below 1e-9, which allows up to 17 of
 * 172 code bits in error.
 */
public final class WatermarkDetector {

    /** Default largest false-positive probability still reported as a detection. */
    public static final double DEFAULT_MAX_FALSE_POSITIVE_PROBABILITY = 1e-9;

    private final MarkLayout layout;
    private final double maxFalsePositiveProbability;

    private WatermarkDetector(MarkLayout layout, double maxFalsePositiveProbability) {
        this.layout = layout;
        this.maxFalsePositiveProbability = maxFalsePositiveProbability;
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

    Detection decide(double[] evidence, int frames) {
        if (frames == 0) {
            return new Detection(false, null, 0, 0, 1.0);
        }
        PayloadCodec.Decoded decoded = PayloadCodec.decode(layout.correlate(evidence));
        if (!decoded.integrityOk()) {
            return new Detection(false, null, decoded.bitErrors(), frames, 1.0);
        }
        double falsePositive = FalsePositive.probability(decoded.bitErrors());
        String id = HexFormat.of().toHexDigits(decoded.id());
        return new Detection(falsePositive <= maxFalsePositiveProbability, id, decoded.bitErrors(), frames, falsePositive);
    }

    public static final class Builder {
        private WatermarkKey key;
        private double maxFalsePositiveProbability = DEFAULT_MAX_FALSE_POSITIVE_PROBABILITY;

        public Builder key(WatermarkKey key) {
            this.key = key;
            return this;
        }

        /** Reports a detection only when the false-positive probability is at most this. */
        public Builder maxFalsePositiveProbability(double probability) {
            this.maxFalsePositiveProbability = probability;
            return this;
        }

        public WatermarkDetector build() {
            if (key == null) {
                throw new IllegalStateException("key is required");
            }
            if (!(maxFalsePositiveProbability > 0 && maxFalsePositiveProbability < 1)) {
                throw new IllegalStateException("maxFalsePositiveProbability must be in (0, 1), was " + maxFalsePositiveProbability);
            }
            return new WatermarkDetector(MarkScheme.layout(key.patternKey()), maxFalsePositiveProbability);
        }
    }
}

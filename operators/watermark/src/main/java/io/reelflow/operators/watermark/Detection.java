package io.reelflow.operators.watermark;

/**
 * What the detector found.
 *
 * @param detected whether the watermark is reported present at the detector's threshold
 * @param watermarkId the decoded id (16 hex digits) if its integrity check holds, else null
 * @param correctedBitErrors code bits the error-correcting code had to correct (meaningful when the id is present)
 * @param framesUsed frames whose evidence was combined
 * @param falsePositiveProbability an upper bound on the probability that unmarked content (or content marked under
 *     another key) decodes to a valid payload with this few errors; 1 when nothing decoded
 * @param region where the mark's grid was read: {@link Region#WHOLE} or a crop the alignment search found
 */
public record Detection(
        boolean detected,
        String watermarkId,
        int correctedBitErrors,
        int framesUsed,
        double falsePositiveProbability,
        Region region) {

    /**
     * The part of the marked original the frames show, per axis as the fraction kept and the offset of its first
     * column or row, in normalised coordinates.
     */
    public record Region(double keptX, double offsetX, double keptY, double offsetY) {
        public static final Region WHOLE = new Region(1, 0, 1, 0);

        /** True when the mark was read from the whole frame, not after a crop search. */
        public boolean whole() {
            return equals(WHOLE);
        }
    }
}

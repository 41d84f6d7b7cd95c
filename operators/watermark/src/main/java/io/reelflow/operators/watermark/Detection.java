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
 */
public record Detection(
        boolean detected,
        String watermarkId,
        int correctedBitErrors,
        int framesUsed,
        double falsePositiveProbability) {}

package io.reelflow.operators.generate;

/**
 * Noise whose frames share a component: each frame's noise is {@code sqrt(1 - share)} of its own plus {@code
 * sqrt(share)} of one drawn for the whole clip, so every value stays unit Gaussian while neighbouring frames start
 * alike (the "mixed" noise of Ge et al. 2023, "Preserve Your Own Correlation"). A video model trained on it breaks
 * the symmetry of where an object appears the same way in every frame, instead of frame by frame.
 */
public final class FrameNoise {

    private FrameNoise() {}

    /**
     * Mixes in place.
     *
     * @param noise (clips, frames, frameValues) of independent unit Gaussians
     * @param shared (clips, frameValues) of independent unit Gaussians
     * @param share the variance each value takes from {@code shared}, in [0, 1)
     */
    public static void mix(float[] noise, float[] shared, int clips, int frames, int frameValues, double share) {
        if (share < 0 || share >= 1) {
            throw new IllegalArgumentException("frame noise share must be in [0, 1), not " + share);
        }
        if (noise.length != (long) clips * frames * frameValues || shared.length != (long) clips * frameValues) {
            throw new IllegalArgumentException("noise of " + noise.length + " and shared noise of " + shared.length
                    + " values do not fit " + clips + " clips of " + frames + " frames of " + frameValues);
        }
        float own = (float) Math.sqrt(1 - share);
        float common = (float) Math.sqrt(share);
        for (int c = 0; c < clips; c++) {
            for (int f = 0; f < frames; f++) {
                int base = (c * frames + f) * frameValues;
                for (int v = 0; v < frameValues; v++) {
                    noise[base + v] = own * noise[base + v] + common * shared[c * frameValues + v];
                }
            }
        }
    }
}

package io.reelflow.operators.generate;

import java.util.Locale;

/** What a {@link Denoiser} predicts from a noisy sample; samplers convert it to the update they need. */
public enum Prediction {
    /** The added noise (DDPM, Stable Diffusion 1.x). */
    EPSILON,
    /** v = alpha * noise - sigma * sample (v-prediction). */
    V,
    /** Rectified-flow velocity, noise - sample, for x_t = (1 - t) * sample + t * noise. */
    FLOW;

    /** Parses a manifest's {@code prediction} ("epsilon", "v" or "flow"). */
    public static Prediction parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown prediction type '" + name + "' (epsilon, v or flow)", e);
        }
    }
}

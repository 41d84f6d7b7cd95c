package io.reelflow.operators.generate;

import java.util.Locale;

/**
 * How a sampler picks its inference timesteps among the training ones (diffusers' {@code timestep_spacing}, after
 * Table 2 of "Common Diffusion Noise Schedules and Sample Steps are Flawed"). Each sampler applies it the way its
 * diffusers scheduler does; the details differ between schedulers.
 */
public enum TimestepSpacing {
    /** Multiples of {@code trainSteps / steps} from 0, plus {@code steps_offset}: never starts at the last timestep. */
    LEADING,
    /** Multiples of {@code trainSteps / steps} counted down from the last timestep. */
    TRAILING,
    /** Evenly spaced from the last timestep to the first, rounded where the scheduler uses integers. */
    LINSPACE;

    /** "leading", "trailing" or "linspace". */
    public static TimestepSpacing parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(
                    "unknown timestep spacing '" + name + "' (leading, trailing or linspace)", e);
        }
    }
}

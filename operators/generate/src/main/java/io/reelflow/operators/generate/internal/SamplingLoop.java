package io.reelflow.operators.generate.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.reelflow.operators.generate.ClassifierFreeGuidance;
import io.reelflow.operators.generate.Denoiser;
import io.reelflow.operators.generate.SamplerRun;
import io.reelflow.operators.generate.TextConditioning;

/** The denoising loop: every step's intermediates are freed before the next, only the latents carry over. */
public final class SamplingLoop {

    /**
     * Frames given to the model: their latents are held at {@code values} wherever {@code mask} (broadcastable to
     * the latents) is 1, before every step and in the result.
     */
    public record Given(NDArray values, NDArray mask) {

        NDArray apply(NDArray latents) {
            return latents.sub(latents.sub(values).muli(mask)); // created in the latents' (step's) manager
        }
    }

    private SamplingLoop() {}

    /**
     * Runs {@code run} from {@code noise} (batch B) under guidance, then closes it; {@code text} is the 2B batch of
     * {@link ClassifierFreeGuidance}. Returns the final latents in the noise's manager; the noise is left as is.
     */
    public static NDArray sample(
            Denoiser denoiser, SamplerRun run, NDArray noise, TextConditioning text, double guidance) {
        return sample(denoiser, run, noise, text, guidance, 0, null);
    }

    /** As {@link #sample(Denoiser, SamplerRun, NDArray, TextConditioning, double)} with guidance rescaled. */
    public static NDArray sample(Denoiser denoiser, SamplerRun run, NDArray noise, TextConditioning text,
            double guidance, double guidanceRescale) {
        return sample(denoiser, run, noise, text, guidance, guidanceRescale, null);
    }

    /** The loop with frames {@code given} (null for none) held at their values before every step and at the end. */
    public static NDArray sample(Denoiser denoiser, SamplerRun run, NDArray noise, TextConditioning text,
            double guidance, double guidanceRescale, Given given) {
        NDArray start = run.initialLatents(noise);
        NDArray out = sampleFrom(denoiser, run, start, 0, text, guidance, guidanceRescale, given);
        if (start != noise && start != out) {
            start.close();
        }
        return out;
    }

    /**
     * Runs {@code run} from step {@code firstStep} on {@code start}, latents already at that step's noise level (see
     * {@link SamplerRun#addNoise}), then closes it: image-to-image and video editing start part-way. The result is in
     * the start's manager; {@code start} itself is left as is (and returned if there is no step to take).
     */
    public static NDArray sampleFrom(Denoiser denoiser, SamplerRun run, NDArray start, int firstStep,
            TextConditioning text, double guidance, double guidanceRescale, Given given) {
        try (run) {
            long batch = start.getShape().get(0);
            NDArray latents = start;
            for (int step = firstStep; step < run.steps(); step++) {
                NDArray next;
                try (Scope scope = Scope.of(latents)) {
                    NDArray current = given == null ? latents : given.apply(latents);
                    NDArray timesteps = scope.manager().full(new Shape(batch), run.timestep(step));
                    NDArray input = run.scaleModelInput(current, step);
                    NDArray prediction = ClassifierFreeGuidance.predict(
                            denoiser, input, timesteps, text, guidance, guidanceRescale);
                    next = scope.keep(run.step(prediction, step, current));
                }
                if (latents != start) {
                    latents.close();
                }
                latents = next;
            }
            if (given != null) {
                NDArray held = given.apply(latents);
                if (latents != start) {
                    latents.close();
                }
                latents = held;
            }
            return latents;
        }
    }
}

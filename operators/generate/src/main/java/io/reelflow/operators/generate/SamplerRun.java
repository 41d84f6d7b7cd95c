package io.reelflow.operators.generate;

import ai.djl.ndarray.NDArray;

/**
 * One request's pass through a sampler, step by step, in the shape of diffusers' scheduler API
 * ({@code init_noise_sigma}, {@code scale_model_input}, {@code step}), so a serving loop can interleave runs at step
 * boundaries. Not thread-safe; arrays returned are created in the inputs' manager.
 */
public interface SamplerRun {

    int steps();

    /** The time the denoiser is given at {@code step}, on the model's training scale. */
    float timestep(int step);

    /** Latents to start from, given unit Gaussian noise. */
    default NDArray initialLatents(NDArray noise) {
        return noise;
    }

    /** The denoiser's input at {@code step} (some samplers scale it). */
    default NDArray scaleModelInput(NDArray latents, int step) {
        return latents;
    }

    /** The latents after {@code step}, given the (guided) model output for it. */
    NDArray step(NDArray modelOutput, int step, NDArray latents);
}

package io.reelflow.operators.generate;

import ai.djl.ndarray.NDArray;

/**
 * One request's pass through a sampler, step by step, in the shape of diffusers' scheduler API
 * ({@code init_noise_sigma}, {@code scale_model_input}, {@code step}, {@code add_noise}), so a serving loop can
 * interleave runs at step boundaries. Steps are taken in order, each once. Not thread-safe; arrays returned are
 * created in the inputs' manager. Multistep runs keep earlier model outputs outside any manager until the run ends
 * or is closed.
 */
public interface SamplerRun extends AutoCloseable {

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

    /**
     * A clean {@code sample} noised to the level the run expects at {@code step} (diffusers' {@code add_noise}), to
     * start part-way through, as image-to-image does. Runs that cannot start part-way throw
     * {@link UnsupportedOperationException}.
     */
    default NDArray addNoise(NDArray sample, NDArray noise, int step) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot start part-way");
    }

    /** Frees what the run keeps between steps; a run that has taken its last step holds nothing. */
    @Override
    default void close() {}
}

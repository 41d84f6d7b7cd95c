package io.reelflow.operators.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The network of a diffusion model: given noisy latents at a timestep and text conditioning, predicts what
 * {@link #prediction()} says. Implementations are thread-safe (shared weights); results are created in the
 * latents' manager, which belongs to the calling thread.
 */
public interface Denoiser {

    Prediction prediction();

    /**
     * @param latents noisy latents, (batch, frames, height, width, channels)
     * @param timesteps the sampler's model time per batch item, (batch), on the training scale (0..1000)
     * @param text conditioning with the same batch size
     * @return the prediction, shaped like {@code latents}
     */
    NDArray predict(NDArray latents, NDArray timesteps, TextConditioning text);

    /** Whether the model can be given frames to keep (image to video, extending and connecting videos). */
    default boolean takesKnownFrames() {
        return false;
    }

    /**
     * This denoiser told which frames of the latents hold given content, which enters clean while the other frames
     * are noisy: {@code known} is (1 or batch, frames), 1 for given frames. Classifier-free guidance's doubled batch
     * is matched by repetition.
     */
    default Denoiser withKnownFrames(NDArray known) {
        throw new UnsupportedOperationException("this model cannot be given known frames");
    }

    /**
     * This denoiser for one sampling run, called step by step in order; arrays it keeps between steps live in
     * {@code manager}, which outlives the run. A self-conditioned model keeps its last estimate of the clean
     * latents here. Stateless models (the default) return themselves.
     */
    default Denoiser forRun(NDManager manager) {
        return this;
    }

    /**
     * Whether runs can share a forward pass, each member a row of the batch. False for denoisers that keep state
     * per run ({@link #forRun}): their runs are sampled one at a time.
     */
    default boolean batchesAcrossRuns() {
        return true;
    }
}

package io.reelflow.operators.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * Classifier-free guidance with the unconditional and conditional passes in one batch: the text batch is
 * {@code [uncond_1..uncond_B, cond_1..cond_B]} and the latents are duplicated to match.
 */
public final class ClassifierFreeGuidance {

    private ClassifierFreeGuidance() {}

    /**
     * The guided prediction for {@code latents} (batch B) at {@code timesteps} (B), given {@code text} of batch 2B.
     */
    public static NDArray predict(
            Denoiser denoiser, NDArray latents, NDArray timesteps, TextConditioning text, double scale) {
        if (text.batchSize() != 2 * latents.getShape().get(0)) {
            throw new IllegalArgumentException("text batch " + text.batchSize() + " is not twice the latents batch "
                    + latents.getShape().get(0));
        }
        NDArray output = denoiser.predict(latents.concat(latents, 0), timesteps.concat(timesteps, 0), text);
        NDList halves = output.split(2, 0);
        return combine(halves.get(0), halves.get(1), scale);
    }

    /** {@code uncond + scale * (cond - uncond)}. */
    public static NDArray combine(NDArray uncond, NDArray cond, double scale) {
        return cond.sub(uncond).muli((float) scale).addi(uncond);
    }
}

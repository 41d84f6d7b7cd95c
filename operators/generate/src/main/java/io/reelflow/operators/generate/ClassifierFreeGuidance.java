package io.reelflow.operators.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * Classifier-free guidance with the unconditional and conditional passes in one batch: the text batch is
 * {@code [uncond_1..uncond_B, cond_1..cond_B]} and the latents are duplicated to match. Optionally rescaled as in
 * "Common Diffusion Noise Schedules and Sample Steps are Flawed" (diffusers' {@code guidance_rescale}).
 */
public final class ClassifierFreeGuidance {

    private ClassifierFreeGuidance() {}

    /**
     * The guided prediction for {@code latents} (batch B) at {@code timesteps} (B), given {@code text} of batch 2B.
     */
    public static NDArray predict(
            Denoiser denoiser, NDArray latents, NDArray timesteps, TextConditioning text, double scale) {
        return predict(denoiser, latents, timesteps, text, scale, 0);
    }

    /** As {@link #predict(Denoiser, NDArray, NDArray, TextConditioning, double)}, rescaled by {@code rescale}. */
    public static NDArray predict(Denoiser denoiser, NDArray latents, NDArray timesteps, TextConditioning text,
            double scale, double rescale) {
        if (text.batchSize() != 2 * latents.getShape().get(0)) {
            throw new IllegalArgumentException("text batch " + text.batchSize() + " is not twice the latents batch "
                    + latents.getShape().get(0));
        }
        NDArray output = denoiser.predict(latents.concat(latents, 0), timesteps.concat(timesteps, 0), text);
        NDList halves = output.split(2, 0);
        return combine(halves.get(0), halves.get(1), scale, rescale);
    }

    /** {@code uncond + scale * (cond - uncond)}. */
    public static NDArray combine(NDArray uncond, NDArray cond, double scale) {
        return cond.sub(uncond).muli((float) scale).addi(uncond);
    }

    /** The guided prediction, rescaled by {@code rescale} when it is positive (diffusers pipelines' order). */
    public static NDArray combine(NDArray uncond, NDArray cond, double scale, double rescale) {
        NDArray guided = combine(uncond, cond, scale);
        return rescale > 0 ? rescale(guided, cond, rescale) : guided;
    }

    /**
     * diffusers' {@code rescale_noise_cfg}: the guided prediction scaled to the conditional prediction's standard
     * deviation (per batch item, unbiased, over all other axes), mixed with the unscaled one by {@code phi}. Strong
     * guidance inflates the deviation; this undoes the overexposure it causes, phi = 0.7 in the paper.
     */
    public static NDArray rescale(NDArray guided, NDArray cond, double phi) {
        if (!(phi >= 0 && phi <= 1)) {
            throw new IllegalArgumentException("guidance rescale must be in [0, 1], got " + phi);
        }
        NDArray flatGuided = guided.reshape(guided.getShape().get(0), -1);
        NDArray ratio = standardDeviation(cond.reshape(cond.getShape().get(0), -1)).div(standardDeviation(flatGuided));
        NDArray rescaled = flatGuided.mul(ratio);
        return rescaled.mul((float) phi).add(flatGuided.mul((float) (1 - phi))).reshape(guided.getShape());
    }

    /** {@code torch.std(dim=1, keepdim=True)} of a (batch, n) array: Bessel-corrected. */
    private static NDArray standardDeviation(NDArray rows) {
        long n = rows.getShape().get(1);
        NDArray centered = rows.sub(rows.mean(new int[] {1}, true));
        return centered.mul(centered).sum(new int[] {1}, true).div((float) (n - 1)).sqrt();
    }
}

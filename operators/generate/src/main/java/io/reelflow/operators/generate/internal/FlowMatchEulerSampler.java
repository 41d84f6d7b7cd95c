package io.reelflow.operators.generate.internal;

import ai.djl.ndarray.NDArray;
import io.reelflow.operators.generate.Prediction;
import io.reelflow.operators.generate.SamplerOptions;
import io.reelflow.operators.generate.SamplerRun;
import io.reelflow.operators.generate.Sampler;
import io.reelflow.operators.generate.SamplingSettings;
import io.reelflow.operators.generate.sampling.Linspace;

/**
 * Euler integration of a rectified flow (diffusers' FlowMatchEulerDiscreteScheduler): with
 * x_sigma = (1 - sigma) * sample + sigma * noise, the model predicts the velocity noise - sample and each step moves
 * x by (sigma_next - sigma) * velocity, from sigma = 1 (pure noise) to 0. The model sees sigma * trainTimesteps.
 *
 * <p>Sigmas are spaced evenly in training time between sigma_max and sigma_min of the scheduler's training table,
 * then shifted, with diffusers' float32/float64 mix. With a static shift the table's ends are already shifted, so the
 * shift applies twice, as diffusers releases up to v0.39 do (huggingface/diffusers#13243 proposes shifting once);
 * with dynamic shifting the ends are unshifted and sigma becomes e^mu / (e^mu + 1 / sigma - 1), mu from the latents'
 * token count.
 *
 * <p>With {@code stochastic} (diffusers' {@code stochastic_sampling}) a step goes to
 * (1 - sigma_next) * x0 + sigma_next * fresh noise, x0 = x - sigma * velocity, the noise seeded by the request.
 */
public final class FlowMatchEulerSampler implements Sampler {

    private final int trainTimesteps;
    private final SamplerOptions.DynamicShift dynamicShift;
    private final boolean stochastic;
    private final String name;

    public FlowMatchEulerSampler(int trainTimesteps) {
        this(SamplerOptions.FlowMatch.staticShift(trainTimesteps));
    }

    public FlowMatchEulerSampler(SamplerOptions.FlowMatch options) {
        this.trainTimesteps = options.trainSteps();
        this.dynamicShift = options.dynamicShift();
        this.stochastic = options.stochastic();
        this.name = options.samplerName();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean supports(Prediction prediction) {
        return prediction == Prediction.FLOW;
    }

    @Override
    public SamplerRun start(SamplingSettings settings, Prediction prediction) {
        requireFlow(prediction);
        if (dynamicShift != null) {
            throw new IllegalStateException(name() + " shifts by resolution: start it with the latents' token count");
        }
        return new Run(sigmas(settings.steps(), settings.shift()), trainTimesteps, noise(settings));
    }

    @Override
    public SamplerRun start(SamplingSettings settings, Prediction prediction, long imageSeqLen) {
        if (dynamicShift == null) {
            return start(settings, prediction);
        }
        requireFlow(prediction);
        return new Run(dynamicSigmas(settings.steps(), dynamicShift.mu(imageSeqLen)), trainTimesteps,
                noise(settings));
    }

    private SplitMix64 noise(SamplingSettings settings) {
        return stochastic ? new SplitMix64(SplitMix64.derive(settings.seed(), "flow-stochastic")) : null;
    }

    private void requireFlow(Prediction prediction) {
        if (!supports(prediction)) {
            throw new IllegalArgumentException(name() + " needs a flow (velocity) model, not " + prediction);
        }
    }

    /** The steps + 1 noise levels (float32 values) under a static {@code shift}, ending at 0. */
    public double[] sigmas(int steps, double shift) {
        // __init__ shifts the float32 training table; set_timesteps spaces its ends and shifts again in float64
        float sigmaMax = shiftFloat32(1f, shift);
        float sigmaMin = shiftFloat32(1f / trainTimesteps, shift);
        double[] sigmas = unshifted(steps, sigmaMax, sigmaMin);
        for (int i = 0; i < steps; i++) {
            sigmas[i] = (float) (shift * sigmas[i] / (1 + (shift - 1) * sigmas[i]));
        }
        return sigmas;
    }

    /** The steps + 1 noise levels (float32 values) under dynamic shifting by {@code mu}, ending at 0. */
    public double[] dynamicSigmas(int steps, double mu) {
        double[] sigmas = unshifted(steps, 1f, 1f / trainTimesteps);
        double expMu = Math.exp(mu);
        for (int i = 0; i < steps; i++) {
            sigmas[i] = (float) (expMu / (expMu + (1 / sigmas[i] - 1)));
        }
        return sigmas;
    }

    /** {@code np.linspace(sigma_max * N, sigma_min * N, steps) / N}, with room for the final 0. */
    private double[] unshifted(int steps, float sigmaMax, float sigmaMin) {
        double[] timesteps = Linspace.numpy((double) sigmaMax * trainTimesteps, (double) sigmaMin * trainTimesteps,
                steps);
        double[] sigmas = new double[steps + 1];
        for (int i = 0; i < steps; i++) {
            sigmas[i] = timesteps[i] / trainTimesteps;
        }
        return sigmas;
    }

    /** The shift applied to a float32 tensor, as {@code __init__} does. */
    private static float shiftFloat32(float sigma, double shift) {
        return (float) shift * sigma / (1f + (float) (shift - 1) * sigma);
    }

    /** @param noise the stochastic steps' noise, or null for deterministic steps */
    private record Run(double[] sigmas, int trainTimesteps, SplitMix64 noise) implements SamplerRun {
        @Override
        public int steps() {
            return sigmas.length - 1;
        }

        @Override
        public float timestep(int step) {
            return (float) sigmas[step] * trainTimesteps;
        }

        @Override
        public NDArray step(NDArray velocity, int step, NDArray latents) {
            float sigma = (float) sigmas[step];
            float next = (float) sigmas[step + 1];
            if (noise == null) {
                return latents.add(velocity.mul(next - sigma));
            }
            NDArray original = latents.sub(velocity.mul(sigma));
            if (next == 0) {
                return original;
            }
            float[] values = new float[Math.toIntExact(latents.size())];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) noise.nextGaussian();
            }
            NDArray fresh = latents.getManager().create(values, latents.getShape());
            return original.mul(1f - next).add(fresh.mul(next));
        }

        @Override
        public NDArray addNoise(NDArray sample, NDArray noise, int step) {
            float sigma = (float) sigmas[step];
            return noise.mul(sigma).add(sample.mul(1f - sigma));
        }
    }
}

package io.reelflow.operators.generate.sampling;

import ai.djl.ndarray.NDArray;
import io.reelflow.operators.generate.Prediction;
import io.reelflow.operators.generate.Sampler;
import io.reelflow.operators.generate.SamplerOptions;
import io.reelflow.operators.generate.SamplerRun;
import io.reelflow.operators.generate.SamplingSettings;
import io.reelflow.operators.generate.internal.SplitMix64;

/**
 * DDIM (Song et al. 2020), ported from diffusers' DDIMScheduler with its float32 arithmetic: each step predicts the
 * clean sample, optionally clips it, and moves to the previous timestep's alpha-bar along the predicted noise, plus
 * {@code eta}-weighted fresh noise. As in diffusers the previous timestep is always {@code t - trainSteps / steps},
 * whatever the spacing.
 */
public final class DdimSampler implements Sampler {

    private final SamplerOptions.Ddim options;
    private final int trainSteps;
    private final float[] alphasCumprod;
    private final float finalAlphaCumprod;

    public DdimSampler(SamplerOptions.Ddim options) {
        this.options = options;
        this.trainSteps = options.schedule().trainSteps();
        this.alphasCumprod = options.schedule().alphasCumprod();
        this.finalAlphaCumprod = options.setAlphaToOne() ? 1f : alphasCumprod[0];
    }

    @Override
    public String name() {
        return options.samplerName();
    }

    @Override
    public boolean supports(Prediction prediction) {
        return NoisePredictions.supported(prediction);
    }

    @Override
    public SamplerRun start(SamplingSettings settings, Prediction prediction) {
        NoisePredictions.require(this, prediction);
        SplitMix64 etaNoise = new SplitMix64(SplitMix64.derive(settings.seed(), "ddim-eta"));
        return new Run(timesteps(settings.steps()), prediction, etaNoise);
    }

    /** The inference timesteps, from noisiest to cleanest ({@code set_timesteps}). */
    public int[] timesteps(int steps) {
        if (steps > trainSteps) {
            throw new IllegalArgumentException(
                    steps + " steps is more than the " + trainSteps + " the model was trained with");
        }
        int[] timesteps = new int[steps];
        switch (options.spacing()) {
            case LINSPACE -> {
                double[] even = Linspace.numpy(0, trainSteps - 1, steps);
                for (int i = 0; i < steps; i++) {
                    timesteps[i] = (int) Math.rint(even[steps - 1 - i]);
                }
            }
            case LEADING -> {
                int ratio = trainSteps / steps;
                for (int i = 0; i < steps; i++) {
                    timesteps[i] = (steps - 1 - i) * ratio + options.stepsOffset();
                }
            }
            case TRAILING -> {
                double[] down = Linspace.numpyArange(trainSteps, 0, -(double) trainSteps / steps);
                for (int i = 0; i < steps; i++) {
                    timesteps[i] = (int) Math.rint(down[i]) - 1;
                }
            }
        }
        if (timesteps[0] >= trainSteps) {
            throw new IllegalArgumentException("steps offset " + options.stepsOffset() + " puts timestep "
                    + timesteps[0] + " past the last training timestep " + (trainSteps - 1));
        }
        return timesteps;
    }

    /** {@code _get_variance}: the DDPM posterior variance between {@code timestep} and {@code previous}. */
    float variance(int timestep, int previous) {
        float alphaProd = alphasCumprod[timestep];
        float alphaProdPrevious = alphaProdBefore(previous);
        float betaProd = 1f - alphaProd;
        float betaProdPrevious = 1f - alphaProdPrevious;
        return (betaProdPrevious / betaProd) * (1f - alphaProd / alphaProdPrevious);
    }

    private float alphaProdBefore(int previous) {
        return previous >= 0 ? alphasCumprod[previous] : finalAlphaCumprod;
    }

    private final class Run implements SamplerRun {
        private final int[] timesteps;
        private final Prediction prediction;
        private final SplitMix64 etaNoise;

        Run(int[] timesteps, Prediction prediction, SplitMix64 etaNoise) {
            this.timesteps = timesteps;
            this.prediction = prediction;
            this.etaNoise = etaNoise;
        }

        @Override
        public int steps() {
            return timesteps.length;
        }

        @Override
        public float timestep(int step) {
            return timesteps[step];
        }

        @Override
        public NDArray step(NDArray modelOutput, int step, NDArray latents) {
            int t = timesteps[step];
            int previous = t - trainSteps / timesteps.length;
            float alphaProd = alphasCumprod[t];
            float alphaProdPrevious = alphaProdBefore(previous);
            float sqrtAlpha = (float) Math.sqrt(alphaProd);
            float sqrtBeta = (float) Math.sqrt(1f - alphaProd);
            NDArray original;
            NDArray epsilon;
            if (prediction == Prediction.EPSILON) {
                original = latents.sub(modelOutput.mul(sqrtBeta)).div(sqrtAlpha);
                epsilon = modelOutput;
            } else {
                original = latents.mul(sqrtAlpha).sub(modelOutput.mul(sqrtBeta));
                epsilon = modelOutput.mul(sqrtAlpha).add(latents.mul(sqrtBeta));
            }
            if (options.clipSample()) {
                float range = (float) options.clipSampleRange();
                original = original.clip(-range, range);
            }
            float stdDev = (float) options.eta() * (float) Math.sqrt(variance(t, previous));
            float direction = (float) Math.sqrt(1f - alphaProdPrevious - stdDev * stdDev);
            NDArray previousSample = original.mul((float) Math.sqrt(alphaProdPrevious)).add(epsilon.mul(direction));
            if (options.eta() > 0) {
                float[] values = new float[Math.toIntExact(latents.size())];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) etaNoise.nextGaussian();
                }
                NDArray fresh = latents.getManager().create(values, latents.getShape());
                previousSample = previousSample.add(fresh.mul(stdDev));
            }
            return previousSample;
        }

        @Override
        public NDArray addNoise(NDArray sample, NDArray noise, int step) {
            float alphaProd = alphasCumprod[timesteps[step]];
            return sample.mul((float) Math.sqrt(alphaProd)).add(noise.mul((float) Math.sqrt(1f - alphaProd)));
        }
    }
}

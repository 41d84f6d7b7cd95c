package io.reelflow.operators.generate.sampling;

import ai.djl.ndarray.NDArray;
import io.reelflow.operators.generate.Prediction;
import io.reelflow.operators.generate.Sampler;
import io.reelflow.operators.generate.SamplerOptions;
import io.reelflow.operators.generate.SamplerRun;
import io.reelflow.operators.generate.SamplingSettings;
import io.reelflow.operators.generate.TimestepSpacing;

/**
 * Euler integration of the probability-flow ODE in sigma (Karras et al. 2022, Algorithm 2 without churn), ported
 * from diffusers' EulerDiscreteScheduler: x is kept at scale sqrt(1 + sigma^2), the model sees
 * x / sqrt(1 + sigma^2) and each step moves x by (sigma_next - sigma) times the derivative (x - x0) / sigma. Sigmas
 * are interpolated linearly between training timesteps, or follow the Karras schedule with fractional timesteps.
 */
public final class EulerSampler implements Sampler {

    private final SamplerOptions.Euler options;
    private final int trainSteps;
    private final float[] sigmaTable;
    private final float[] logSigmas;

    public EulerSampler(SamplerOptions.Euler options) {
        this.options = options;
        this.trainSteps = options.schedule().trainSteps();
        this.sigmaTable = Sigmas.ofAlphasCumprod(options.schedule().alphasCumprod());
        this.logSigmas = Sigmas.logs(sigmaTable);
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
        return new Run(schedule(settings.steps()), prediction);
    }

    /** One request's timesteps (float32, the model's input) and steps + 1 sigmas ending at 0 (set_timesteps). */
    public Schedule schedule(int steps) {
        double[] timesteps = spacedTimesteps(steps);
        double[] sigmas = Sigmas.interpolate(timesteps, sigmaTable);
        if (options.karras()) {
            sigmas = Sigmas.karras(sigmas[0], sigmas[steps - 1], steps);
            for (int i = 0; i < steps; i++) {
                timesteps[i] = Sigmas.timestepOf(sigmas[i], logSigmas);
            }
        }
        float[] sigmas32 = new float[steps + 1];
        float[] timesteps32 = new float[steps];
        for (int i = 0; i < steps; i++) {
            sigmas32[i] = (float) sigmas[i];
            timesteps32[i] = (float) timesteps[i];
        }
        return new Schedule(timesteps32, sigmas32, initNoiseSigma(sigmas32));
    }

    /** diffusers' spacing for Euler, as float32 values held in doubles. */
    private double[] spacedTimesteps(int steps) {
        double[] timesteps = new double[steps];
        switch (options.spacing()) {
            case LINSPACE -> {
                double[] even = Linspace.numpy(0, trainSteps - 1, steps);
                for (int i = 0; i < steps; i++) {
                    timesteps[i] = (float) even[steps - 1 - i];
                }
            }
            case LEADING -> {
                int ratio = trainSteps / steps;
                for (int i = 0; i < steps; i++) {
                    timesteps[i] = (float) ((steps - 1 - i) * ratio) + (float) options.stepsOffset();
                }
            }
            case TRAILING -> {
                double[] down = Linspace.numpyArange(trainSteps, 0, -(double) trainSteps / steps);
                for (int i = 0; i < steps; i++) {
                    timesteps[i] = (float) Math.rint(down[i]) - 1f;
                }
            }
        }
        return timesteps;
    }

    /** The scale of the starting noise: sigma_max, or sqrt(sigma_max^2 + 1) for leading spacing. */
    private float initNoiseSigma(float[] sigmas) {
        float max = 0;
        for (float sigma : sigmas) {
            max = Math.max(max, sigma);
        }
        return options.spacing() == TimestepSpacing.LEADING
                ? (float) Math.sqrt(max * max + 1f)
                : max;
    }

    /** A request's plan: the model's timesteps and the noise levels, {@code sigmas[steps] = 0}. */
    public record Schedule(float[] timesteps, float[] sigmas, float initNoiseSigma) {}

    private record Run(Schedule schedule, Prediction prediction) implements SamplerRun {

        @Override
        public int steps() {
            return schedule.timesteps().length;
        }

        @Override
        public float timestep(int step) {
            return schedule.timesteps()[step];
        }

        @Override
        public NDArray initialLatents(NDArray noise) {
            return noise.mul(schedule.initNoiseSigma());
        }

        @Override
        public NDArray scaleModelInput(NDArray latents, int step) {
            float sigma = schedule.sigmas()[step];
            return latents.div((float) Math.sqrt(sigma * sigma + 1f));
        }

        @Override
        public NDArray step(NDArray modelOutput, int step, NDArray latents) {
            float sigma = schedule.sigmas()[step];
            NDArray original = prediction == Prediction.EPSILON
                    ? latents.sub(modelOutput.mul(sigma))
                    : modelOutput.mul(-sigma / (float) Math.sqrt(sigma * sigma + 1f))
                            .add(latents.div(sigma * sigma + 1f));
            NDArray derivative = latents.sub(original).div(sigma);
            return latents.add(derivative.mul(schedule.sigmas()[step + 1] - sigma));
        }

        @Override
        public NDArray addNoise(NDArray sample, NDArray noise, int step) {
            return sample.add(noise.mul(schedule.sigmas()[step]));
        }
    }
}

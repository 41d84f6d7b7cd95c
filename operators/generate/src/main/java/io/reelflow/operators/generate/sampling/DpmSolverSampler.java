package io.reelflow.operators.generate.sampling;

import ai.djl.ndarray.NDArray;
import io.reelflow.operators.generate.NoiseSchedule;
import io.reelflow.operators.generate.Prediction;
import io.reelflow.operators.generate.Sampler;
import io.reelflow.operators.generate.SamplerOptions;
import io.reelflow.operators.generate.SamplerOptions.FinalSigma;
import io.reelflow.operators.generate.SamplerRun;
import io.reelflow.operators.generate.SamplingSettings;

/**
 * DPM-Solver++(2M) (Lu et al. 2022), ported from diffusers' DPMSolverMultistepScheduler with algorithm dpmsolver++,
 * solver order 2 and the midpoint solver: the model output is converted to a clean-sample prediction x0, the first
 * step is first order (DDIM-like) and later steps add the midpoint correction from the previous step's x0, all in
 * log-SNR lambda = log(alpha / sigma) computed in float32 from the per-step sigmas.
 */
public final class DpmSolverSampler implements Sampler {

    /** diffusers only lowers the final order for short schedules. */
    private static final int LOWER_ORDER_FINAL_BELOW_STEPS = 15;

    private final SamplerOptions.DpmSolver options;
    private final int trainSteps;
    private final float[] alphasCumprod;
    private final float[] sigmaTable;
    private final float[] logSigmas;

    public DpmSolverSampler(SamplerOptions.DpmSolver options) {
        this.options = options;
        this.trainSteps = options.schedule().trainSteps();
        this.alphasCumprod = options.schedule().alphasCumprod();
        this.sigmaTable = Sigmas.ofAlphasCumprod(alphasCumprod);
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

    /** One request's integer timesteps and steps + 1 sigmas ({@code set_timesteps}). */
    public Schedule schedule(int steps) {
        long[] timesteps = spacedTimesteps(steps);
        double[] sigmas;
        if (options.karras()) {
            sigmas = Sigmas.karras(sigmaTable[trainSteps - 1], sigmaTable[0], steps);
            boolean cosine = options.schedule().kind() == NoiseSchedule.Kind.SQUAREDCOS_CAP_V2;
            for (int i = 0; i < steps; i++) {
                double t = Sigmas.timestepOf(sigmas[i], logSigmas);
                // diffusers rounds except for the cosine schedule; the int64 cast then truncates
                timesteps[i] = (long) (cosine ? t : Math.rint(t));
            }
        } else {
            double[] at = new double[steps];
            for (int i = 0; i < steps; i++) {
                at[i] = timesteps[i];
            }
            sigmas = Sigmas.interpolate(at, sigmaTable);
        }
        float[] sigmas32 = new float[steps + 1];
        for (int i = 0; i < steps; i++) {
            sigmas32[i] = (float) sigmas[i];
        }
        sigmas32[steps] = options.finalSigma() == FinalSigma.ZERO
                ? 0f
                : (float) Math.sqrt((1f - alphasCumprod[0]) / alphasCumprod[0]);
        return new Schedule(timesteps, sigmas32);
    }

    /** diffusers' spacing for DPM-Solver: {@code steps + 1} points with the last (t = 0) dropped. */
    private long[] spacedTimesteps(int steps) {
        long[] timesteps = new long[steps];
        switch (options.spacing()) {
            case LINSPACE -> {
                double[] even = Linspace.numpy(0, trainSteps - 1, steps + 1);
                for (int i = 0; i < steps; i++) {
                    timesteps[i] = (long) Math.rint(even[steps - i]);
                }
            }
            case LEADING -> {
                int ratio = trainSteps / (steps + 1);
                for (int i = 0; i < steps; i++) {
                    timesteps[i] = (long) (steps - i) * ratio + options.stepsOffset();
                }
            }
            case TRAILING -> {
                double[] down = Linspace.numpyArange(trainSteps, 0, -(double) trainSteps / steps);
                for (int i = 0; i < steps; i++) {
                    timesteps[i] = (long) Math.rint(down[i]) - 1;
                }
            }
        }
        return timesteps;
    }

    /** A request's plan: the model's timesteps and the noise levels, {@code sigmas[steps]} the final one. */
    public record Schedule(long[] timesteps, float[] sigmas) {}

    /** alpha_t = 1 / sqrt(sigma^2 + 1) and sigma_t = sigma * alpha_t, in float32. */
    private static float alpha(float sigma) {
        return 1f / (float) Math.sqrt(sigma * sigma + 1f);
    }

    private static float lambda(float sigma) {
        float alpha = alpha(sigma);
        return (float) Math.log(alpha) - (float) Math.log(sigma * alpha);
    }

    private final class Run implements SamplerRun {
        private final Schedule schedule;
        private final Prediction prediction;
        /** The previous step's x0, detached from every manager: it has to outlive that step's arrays. */
        private NDArray previousOriginal;
        private int previousStep = -1;
        private int lowerOrderSteps;

        Run(Schedule schedule, Prediction prediction) {
            this.schedule = schedule;
            this.prediction = prediction;
        }

        @Override
        public int steps() {
            return schedule.timesteps().length;
        }

        @Override
        public float timestep(int step) {
            return schedule.timesteps()[step];
        }

        @Override
        public NDArray step(NDArray modelOutput, int step, NDArray latents) {
            if (previousStep >= 0 && step != previousStep + 1) {
                throw new IllegalStateException("step " + step + " after step " + previousStep);
            }
            int steps = steps();
            float[] sigmas = schedule.sigmas();
            boolean lastStep = step == steps - 1;
            boolean lowerOrderFinal = lastStep && (options.finalSigma() == FinalSigma.ZERO
                    || options.lowerOrderFinal() && steps < LOWER_ORDER_FINAL_BELOW_STEPS);

            float alphaNow = alpha(sigmas[step]);
            float sigmaNow = sigmas[step] * alphaNow;
            NDArray original = prediction == Prediction.EPSILON
                    ? latents.sub(modelOutput.mul(sigmaNow)).div(alphaNow)
                    : latents.mul(alphaNow).sub(modelOutput.mul(sigmaNow));

            float alphaNext = alpha(sigmas[step + 1]);
            float sigmaNext = sigmas[step + 1] * alphaNext;
            float lambdaNow = lambda(sigmas[step]);
            float h = lambda(sigmas[step + 1]) - lambdaNow;
            float towardsOriginal = alphaNext * ((float) Math.exp(-h) - 1f);
            NDArray next = latents.mul(sigmaNext / sigmaNow).sub(original.mul(towardsOriginal));
            if (lowerOrderSteps >= 1 && !lowerOrderFinal) {
                float r0 = (lambdaNow - lambda(sigmas[step - 1])) / h;
                NDArray slope = original.sub(previousOriginal).mul(1f / r0);
                next = next.sub(slope.mul(0.5f * towardsOriginal));
            }
            lowerOrderSteps = Math.min(lowerOrderSteps + 1, 2);
            previousStep = step;
            close();
            if (!lastStep) {
                previousOriginal = original;
                previousOriginal.detach();
            }
            return next;
        }

        @Override
        public NDArray addNoise(NDArray sample, NDArray noise, int step) {
            float sigma = schedule.sigmas()[step];
            float alpha = alpha(sigma);
            return sample.mul(alpha).add(noise.mul(sigma * alpha));
        }

        @Override
        public void close() {
            if (previousOriginal != null) {
                previousOriginal.close();
                previousOriginal = null;
            }
        }
    }
}

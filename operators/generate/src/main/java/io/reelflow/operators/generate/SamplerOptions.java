package io.reelflow.operators.generate;

/**
 * How a sampler is configured, one record per algorithm, named after the diffusers scheduler whose configuration it
 * mirrors. The prediction type is not here: it belongs to the model and is given to
 * {@link Sampler#start(SamplingSettings, Prediction)}. {@link Samplers#create(SamplerOptions)} builds the sampler.
 */
public sealed interface SamplerOptions
        permits SamplerOptions.Ddim, SamplerOptions.Euler, SamplerOptions.DpmSolver, SamplerOptions.FlowMatch {

    /** The name the sampler built from these options answers to. */
    String samplerName();

    /**
     * DDIMScheduler.
     *
     * @param stepsOffset added to {@link TimestepSpacing#LEADING} timesteps only, as diffusers does
     * @param setAlphaToOne whether the step to the clean sample uses alpha-bar = 1 (else alpha-bar_0)
     * @param clipSample whether the predicted clean sample is clipped to +-{@code clipSampleRange}
     * @param eta weight of the fresh noise each step adds: 0 is deterministic DDIM, 1 is DDPM-like
     */
    record Ddim(NoiseSchedule schedule, TimestepSpacing spacing, int stepsOffset, boolean setAlphaToOne,
            boolean clipSample, double clipSampleRange, double eta) implements SamplerOptions {

        public Ddim {
            requireSchedule(schedule, spacing, stepsOffset);
            if (!(clipSampleRange > 0) || !(eta >= 0)) {
                throw new IllegalArgumentException(
                        "clipSampleRange must be > 0 and eta >= 0, got " + clipSampleRange + ", " + eta);
            }
        }

        /** DDIMScheduler's defaults: leading spacing, no offset, alpha set to one, clipping to [-1, 1], eta 0. */
        public static Ddim defaults(NoiseSchedule schedule) {
            return new Ddim(schedule, TimestepSpacing.LEADING, 0, true, true, 1.0, 0.0);
        }

        @Override
        public String samplerName() {
            return Samplers.DDIM;
        }
    }

    /**
     * EulerDiscreteScheduler with linear interpolation of sigmas and a final sigma of zero.
     *
     * @param stepsOffset added to {@link TimestepSpacing#LEADING} timesteps only
     * @param karras whether sigmas follow the Karras et al. (2022) rho = 7 schedule
     */
    record Euler(NoiseSchedule schedule, TimestepSpacing spacing, int stepsOffset, boolean karras)
            implements SamplerOptions {

        public Euler {
            requireSchedule(schedule, spacing, stepsOffset);
        }

        /** EulerDiscreteScheduler's defaults: linspace spacing, no offset, no Karras sigmas. */
        public static Euler defaults(NoiseSchedule schedule) {
            return new Euler(schedule, TimestepSpacing.LINSPACE, 0, false);
        }

        @Override
        public String samplerName() {
            return karras ? Samplers.EULER_KARRAS : Samplers.EULER;
        }
    }

    /**
     * DPMSolverMultistepScheduler as DPM-Solver++(2M): algorithm dpmsolver++, solver order 2, midpoint solver.
     *
     * @param stepsOffset added to {@link TimestepSpacing#LEADING} timesteps only
     * @param lowerOrderFinal whether the last step is first order when there are fewer than 15 steps
     * @param finalSigma where the last step ends; {@link FinalSigma#ZERO} also makes it first order
     */
    record DpmSolver(NoiseSchedule schedule, TimestepSpacing spacing, int stepsOffset, boolean karras,
            boolean lowerOrderFinal, FinalSigma finalSigma) implements SamplerOptions {

        public DpmSolver {
            requireSchedule(schedule, spacing, stepsOffset);
            if (finalSigma == null) {
                throw new IllegalArgumentException("finalSigma is required");
            }
        }

        /** DPMSolverMultistepScheduler's defaults: linspace spacing, lower-order final step, final sigma zero. */
        public static DpmSolver defaults(NoiseSchedule schedule) {
            return new DpmSolver(schedule, TimestepSpacing.LINSPACE, 0, false, true, FinalSigma.ZERO);
        }

        @Override
        public String samplerName() {
            return karras ? Samplers.DPMPP_2M_KARRAS : Samplers.DPMPP_2M;
        }
    }

    /** The noise level the last step of a discrete-time sampler ends at (diffusers' {@code final_sigmas_type}). */
    enum FinalSigma {
        /** The clean sample. */
        ZERO,
        /** The smallest training noise level, sigma at t = 0. */
        SIGMA_MIN
    }

    /**
     * FlowMatchEulerDiscreteScheduler. Without dynamic shifting the static shift comes from
     * {@link SamplingSettings#shift()}.
     *
     * @param dynamicShift resolution-dependent shifting, or null for the static shift
     * @param stochastic diffusers' {@code stochastic_sampling}: each step re-noises the model's estimate of the clean
     *     sample with fresh seeded noise instead of following the velocity, so an early wrong guess is not carried
     *     to the end
     */
    record FlowMatch(int trainSteps, DynamicShift dynamicShift, boolean stochastic) implements SamplerOptions {

        public FlowMatch {
            if (trainSteps < 1) {
                throw new IllegalArgumentException("trainSteps must be positive, got " + trainSteps);
            }
        }

        public FlowMatch(int trainSteps, DynamicShift dynamicShift) {
            this(trainSteps, dynamicShift, false);
        }

        public static FlowMatch staticShift(int trainSteps) {
            return new FlowMatch(trainSteps, null);
        }

        @Override
        public String samplerName() {
            return stochastic ? Samplers.FLOW_EULER_STOCHASTIC : Samplers.FLOW_EULER;
        }
    }

    /**
     * Resolution-dependent shifting of flow-matching schedules ({@code use_dynamic_shifting} with an exponential
     * {@code time_shift}): mu grows linearly with the latents' token count, as diffusers pipelines'
     * {@code calculate_shift} computes it, and sigma becomes {@code e^mu / (e^mu + 1 / sigma - 1)}.
     */
    record DynamicShift(int baseSeqLen, int maxSeqLen, double baseShift, double maxShift) {

        public DynamicShift {
            if (baseSeqLen < 1 || maxSeqLen <= baseSeqLen) {
                throw new IllegalArgumentException(
                        "need 1 <= baseSeqLen < maxSeqLen, got " + baseSeqLen + ", " + maxSeqLen);
            }
        }

        /** {@code calculate_shift}'s defaults: 256 to 4096 tokens, mu from 0.5 to 1.15 (Flux). */
        public static DynamicShift diffusersDefault() {
            return new DynamicShift(256, 4096, 0.5, 1.15);
        }

        /** mu for latents of {@code imageSeqLen} tokens, extrapolated linearly outside the base..max range. */
        public double mu(long imageSeqLen) {
            double m = (maxShift - baseShift) / (maxSeqLen - baseSeqLen);
            double b = baseShift - m * baseSeqLen;
            return imageSeqLen * m + b;
        }
    }

    private static void requireSchedule(NoiseSchedule schedule, TimestepSpacing spacing, int stepsOffset) {
        if (schedule == null || spacing == null) {
            throw new IllegalArgumentException("schedule and spacing are required");
        }
        if (stepsOffset < 0) {
            throw new IllegalArgumentException("stepsOffset must be >= 0, got " + stepsOffset);
        }
    }
}

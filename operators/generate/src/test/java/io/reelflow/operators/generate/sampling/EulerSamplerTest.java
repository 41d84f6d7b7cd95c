package io.reelflow.operators.generate.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.reelflow.operators.generate.NoiseSchedule;
import io.reelflow.operators.generate.Prediction;
import io.reelflow.operators.generate.SamplerCheck;
import io.reelflow.operators.generate.SamplerOptions;
import io.reelflow.operators.generate.TimestepSpacing;
import org.junit.jupiter.api.Test;

/**
 * EulerDiscreteScheduler's own tests (diffusers tests/schedulers/test_scheduler_euler.py): linear betas from 1e-4
 * to 0.02 over 1100 timesteps, 10 steps, the sample scaled by init_noise_sigma. The noise generator the tests pass
 * is never used: without churn the Euler step adds no noise.
 */
class EulerSamplerTest {

    private static final NoiseSchedule SCHEDULE = NoiseSchedule.linear(0.0001, 0.02, 1100);

    private static SamplerCheck.Result fullLoop(boolean karras, Prediction prediction) {
        EulerSampler sampler =
                new EulerSampler(new SamplerOptions.Euler(SCHEDULE, TimestepSpacing.LINSPACE, 0, karras));
        return SamplerCheck.fullLoop(sampler, prediction, 10);
    }

    @Test
    void testFullLoopNoNoise() {
        // also test_full_loop_device: the same loop on torch_device
        SamplerCheck.Result result = fullLoop(false, Prediction.EPSILON);

        assertThat(result.sumAbs()).isCloseTo(10.0807f, within(1e-3f));
        assertThat(result.meanAbs()).isCloseTo(0.0131f, within(1e-4f));
    }

    @Test
    void testFullLoopWithVPrediction() {
        // diffusers asserts 0.0002 and 2.2676e-06 within 1e-2 and 1e-3; on the CPU the loop ends at ~2e-10
        SamplerCheck.Result result = fullLoop(false, Prediction.V);

        assertThat(result.sumAbs()).isCloseTo(0.0002f, within(1e-3f));
        assertThat(result.meanAbs()).isCloseTo(2.2676e-06f, within(1e-5f));
    }

    @Test
    void leadingSpacingWithAnOffsetStartsFromTheNoisierInitSigma() {
        // Stable Diffusion's Euler configuration: leading spacing, steps_offset 1
        EulerSampler sampler = new EulerSampler(new SamplerOptions.Euler(
                NoiseSchedule.scaledLinear(0.00085, 0.012, 1000), TimestepSpacing.LEADING, 1, false));

        EulerSampler.Schedule schedule = sampler.schedule(10);

        assertThat(schedule.timesteps()).containsExactly(901f, 801f, 701f, 601f, 501f, 401f, 301f, 201f, 101f, 1f);
        float sigmaMax = schedule.sigmas()[0];
        assertThat(schedule.initNoiseSigma()).isEqualTo((float) Math.sqrt(sigmaMax * sigmaMax + 1f));
        assertThat(schedule.sigmas()[10]).isZero();
    }

    @Test
    void linspaceSpacingIsFractionalAndStartsAtSigmaMax() {
        EulerSampler.Schedule schedule = new EulerSampler(SamplerOptions.Euler.defaults(SCHEDULE)).schedule(10);
        EulerSampler.Schedule trailing = new EulerSampler(
                new SamplerOptions.Euler(SCHEDULE, TimestepSpacing.TRAILING, 0, false)).schedule(10);

        assertThat(schedule.timesteps()[0]).isEqualTo(1099f);
        assertThat(schedule.timesteps()[1]).isEqualTo((float) (8 * (1099 / 9.0)));
        assertThat(schedule.timesteps()[9]).isZero();
        assertThat(schedule.initNoiseSigma()).isEqualTo(schedule.sigmas()[0]);
        assertThat(trailing.timesteps()).containsExactly(1099f, 989f, 879f, 769f, 659f, 549f, 439f, 329f, 219f, 109f);
    }

    @Test
    void karrasSigmasSpanTheSameRangeWithFractionalTimesteps() {
        EulerSampler.Schedule plain = new EulerSampler(SamplerOptions.Euler.defaults(SCHEDULE)).schedule(10);
        EulerSampler.Schedule karras = new EulerSampler(
                new SamplerOptions.Euler(SCHEDULE, TimestepSpacing.LINSPACE, 0, true)).schedule(10);

        assertThat(karras.sigmas()[0]).isEqualTo(plain.sigmas()[0]);
        assertThat(karras.sigmas()[9]).isCloseTo(plain.sigmas()[9], within(1e-6f));
        assertThat(karras.timesteps()[0]).isCloseTo(1099f, within(1e-3f));
        assertThat(karras.timesteps()[9]).isCloseTo(0f, within(1e-3f));
        double rootStep = Math.pow(karras.sigmas()[1], 1 / 7.0) - Math.pow(karras.sigmas()[0], 1 / 7.0);
        for (int i = 1; i < 10; i++) {
            assertThat(Math.pow(karras.sigmas()[i], 1 / 7.0) - Math.pow(karras.sigmas()[i - 1], 1 / 7.0))
                    .as("evenly spaced in sigma^(1/7)").isCloseTo(rootStep, within(1e-6));
            assertThat(karras.timesteps()[i]).isLessThan(karras.timesteps()[i - 1]);
        }
    }

    @Test
    void testFullLoopDeviceKarrasSigmas() {
        SamplerCheck.Result result = fullLoop(true, Prediction.EPSILON);

        assertThat(result.sumAbs()).isCloseTo(124.52299499511719f, within(1e-3f));
        assertThat(result.meanAbs()).isCloseTo(0.16213932633399963f, within(1e-5f));
    }
}

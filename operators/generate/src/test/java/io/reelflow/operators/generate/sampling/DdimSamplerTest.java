package io.reelflow.operators.generate.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import io.reelflow.operators.generate.NoiseSchedule;
import io.reelflow.operators.generate.Prediction;
import io.reelflow.operators.generate.SamplerCheck;
import io.reelflow.operators.generate.SamplerOptions;
import io.reelflow.operators.generate.TimestepSpacing;
import org.junit.jupiter.api.Test;

/**
 * DDIMScheduler's own tests (diffusers tests/schedulers/test_scheduler_ddim.py): its config is linear betas from
 * 1e-4 to 0.02 over 1000 timesteps with clip_sample, and its full loop takes 10 steps with eta 0.
 */
class DdimSamplerTest {

    private static SamplerOptions.Ddim config() {
        return SamplerOptions.Ddim.defaults(NoiseSchedule.linear(0.0001, 0.02, 1000));
    }

    private static SamplerCheck.Result fullLoop(SamplerOptions.Ddim options, Prediction prediction) {
        return SamplerCheck.fullLoop(new DdimSampler(options), prediction, 10);
    }

    @Test
    void testFullLoopNoNoise() {
        SamplerCheck.Result result = fullLoop(config(), Prediction.EPSILON);

        assertThat(result.sumAbs()).isCloseTo(172.0067f, within(1e-3f));
        assertThat(result.meanAbs()).isCloseTo(0.223967f, within(1e-6f));
    }

    @Test
    void testFullLoopWithVPrediction() {
        SamplerCheck.Result result = fullLoop(config(), Prediction.V);

        assertThat(result.sumAbs()).isCloseTo(52.5302f, within(1e-3f));
        assertThat(result.meanAbs()).isCloseTo(0.0684f, within(1e-3f));
    }

    @Test
    void testFullLoopWithSetAlphaToOne() {
        // beta_start 0.01 so that the first alpha is 0.99 and setting the final one to 1 matters
        SamplerOptions.Ddim options = new SamplerOptions.Ddim(NoiseSchedule.linear(0.01, 0.02, 1000),
                TimestepSpacing.LEADING, 0, true, true, 1.0, 0.0);

        SamplerCheck.Result result = fullLoop(options, Prediction.EPSILON);

        assertThat(result.sumAbs()).isCloseTo(149.8295f, within(1e-3f));
        assertThat(result.meanAbs()).isCloseTo(0.1951f, within(1e-3f));
    }

    @Test
    void testFullLoopWithNoSetAlphaToOne() {
        SamplerOptions.Ddim options = new SamplerOptions.Ddim(NoiseSchedule.linear(0.01, 0.02, 1000),
                TimestepSpacing.LEADING, 0, false, true, 1.0, 0.0);

        SamplerCheck.Result result = fullLoop(options, Prediction.EPSILON);

        assertThat(result.sumAbs()).isCloseTo(149.0784f, within(1e-3f));
        assertThat(result.meanAbs()).isCloseTo(0.1941f, within(1e-3f));
    }

    @Test
    void testFullLoopWithNoise() {
        SamplerCheck.Result result = SamplerCheck.fullLoopWithNoise(new DdimSampler(config()), Prediction.EPSILON,
                10, 8);

        assertThat(result.sumAbs()).isCloseTo(354.5418f, within(1e-3f));
        assertThat(result.meanAbs()).isCloseTo(0.4616f, within(1e-3f));
    }

    @Test
    void testStepsOffset() {
        SamplerOptions.Ddim offset = new SamplerOptions.Ddim(NoiseSchedule.linear(0.0001, 0.02, 1000),
                TimestepSpacing.LEADING, 1, true, true, 1.0, 0.0);

        assertThat(new DdimSampler(offset).timesteps(5)).containsExactly(801, 601, 401, 201, 1);
    }

    @Test
    void trailingAndLinspaceSpacingFollowTable2OfTheZeroSnrPaper() {
        NoiseSchedule schedule = NoiseSchedule.linear(0.0001, 0.02, 1000);
        DdimSampler trailing = new DdimSampler(new SamplerOptions.Ddim(schedule, TimestepSpacing.TRAILING, 1, true,
                true, 1.0, 0.0));
        DdimSampler linspace = new DdimSampler(new SamplerOptions.Ddim(schedule, TimestepSpacing.LINSPACE, 1, true,
                true, 1.0, 0.0));

        assertThat(trailing.timesteps(10)).as("the offset only applies to leading")
                .containsExactly(999, 899, 799, 699, 599, 499, 399, 299, 199, 99);
        assertThat(trailing.timesteps(3)).containsExactly(999, 666, 332);
        assertThat(linspace.timesteps(10)).containsExactly(999, 888, 777, 666, 555, 444, 333, 222, 111, 0);
        assertThat(new DdimSampler(config()).timesteps(10)).containsExactly(900, 800, 700, 600, 500, 400, 300, 200,
                100, 0);
    }

    @Test
    void etaAddsSeededNoiseOfTheVarianceItWeighs() {
        DdimSampler deterministic = new DdimSampler(config());
        SamplerOptions.Ddim noisy = new SamplerOptions.Ddim(NoiseSchedule.linear(0.0001, 0.02, 1000),
                TimestepSpacing.LEADING, 0, true, true, 1.0, 1.0);

        SamplerCheck.Result plain = SamplerCheck.fullLoop(deterministic, Prediction.EPSILON, 10);
        SamplerCheck.Result once = SamplerCheck.fullLoop(new DdimSampler(noisy), Prediction.EPSILON, 10);
        SamplerCheck.Result again = SamplerCheck.fullLoop(new DdimSampler(noisy), Prediction.EPSILON, 10);

        assertThat(once).as("the noise comes from the request's seed").isEqualTo(again);
        assertThat(once.sumAbs()).isNotCloseTo(plain.sumAbs(), within(1f));
    }

    @Test
    void tooManyStepsOrAnOffsetPastTheScheduleAreRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> new DdimSampler(config()).timesteps(1001));
        SamplerOptions.Ddim offset = new SamplerOptions.Ddim(NoiseSchedule.linear(0.0001, 0.02, 1000),
                TimestepSpacing.LEADING, 1, true, true, 1.0, 0.0);
        assertThatIllegalArgumentException().isThrownBy(() -> new DdimSampler(offset).timesteps(1000));
    }

    @Test
    void drivesEpsilonAndVModelsOnly() {
        DdimSampler sampler = new DdimSampler(config());
        assertThat(sampler.name()).isEqualTo("ddim");
        assertThat(sampler.supports(Prediction.EPSILON)).isTrue();
        assertThat(sampler.supports(Prediction.V)).isTrue();
        assertThat(sampler.supports(Prediction.FLOW)).isFalse();
    }

    @Test
    void testVariance() {
        DdimSampler sampler = new DdimSampler(config());

        assertThat(sampler.variance(0, 0)).isCloseTo(0f, within(1e-5f));
        assertThat(sampler.variance(420, 400)).isCloseTo(0.14771f, within(1e-5f));
        assertThat(sampler.variance(980, 960)).isCloseTo(0.32460f, within(1e-5f));
        assertThat(sampler.variance(487, 486)).isCloseTo(0.00979f, within(1e-5f));
        assertThat(sampler.variance(999, 998)).isCloseTo(0.02f, within(1e-5f));
    }
}

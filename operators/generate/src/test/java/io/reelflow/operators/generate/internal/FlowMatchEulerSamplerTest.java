package io.reelflow.operators.generate.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.reelflow.operators.generate.Denoiser;
import io.reelflow.operators.generate.Prediction;
import io.reelflow.operators.generate.SamplerOptions;
import io.reelflow.operators.generate.SamplerRun;
import io.reelflow.operators.generate.SamplingSettings;
import io.reelflow.operators.generate.TextConditioning;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlowMatchEulerSamplerTest {

    private static final Shape SHAPE = new Shape(1, 3, 8, 16, 3);
    private final FlowMatchEulerSampler sampler = new FlowMatchEulerSampler(1000);
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager(Device.cpu(), SpacetimeDitArchitecture.ENGINE);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @ParameterizedTest(name = "{0} steps, shift {1}, guidance {2}")
    @CsvSource({"1, 1.0, 1.0", "4, 1.0, 4.0", "12, 3.0, 7.5", "30, 0.5, 0.0"})
    void theTrueRectifiedFlowVelocityLeadsExactlyToItsTarget(int steps, double shift, double guidance) {
        NDArray target = gaussian(11).clip(-1, 1);
        NDArray noise = gaussian(12);
        // the straight line through x_sigma and the target: x_sigma = target + sigma * (noise - target)
        Denoiser exact = denoiser((x, sigma) -> x.sub(target).div(sigma));

        NDArray result = SamplingLoop.sample(exact, run(steps, shift), noise, text(), guidance);

        assertThat(result.sub(target).abs().max().getFloat()).isLessThan(2e-5f);
    }

    @Test
    void aConstantVelocityIsIntegratedOverTheWholeUnitInterval() {
        NDArray noise = gaussian(13);
        Denoiser constant = denoiser((x, sigma) -> x.zerosLike().add(0.25f));

        NDArray result = SamplingLoop.sample(constant, run(7, 2.0), noise, text(), 3.0);

        assertThat(noise.sub(result).sub(0.25f).abs().max().getFloat()).isLessThan(1e-5f);
    }

    @Test
    void sigmasFollowDiffusersSpacingAndShift() {
        // float32 values: sigma_min is float32(1 / 1000) and the schedule is cast to float32
        assertThat(sampler.sigmas(4, 1.0)).containsExactly(new double[] {1.0, 0.667, 0.334, 0.001, 0.0}, within(1e-7));
        double[] shifted = sampler.sigmas(4, 3.0);
        double[] plain = sampler.sigmas(4, 1.0);
        assertThat(shifted[0]).isEqualTo(1.0);
        assertThat(shifted[4]).isZero();
        for (int i = 1; i < 4; i++) {
            assertThat(shifted[i]).as("a shift > 1 spends more steps at high noise").isGreaterThan(plain[i]);
            assertThat(shifted[i]).isLessThan(shifted[i - 1]);
        }
        SamplerRun run = run(4, 1.0);
        assertThat(run.steps()).isEqualTo(4);
        assertThat(run.timestep(0)).isEqualTo(1000f);
        assertThat(run.timestep(3)).isEqualTo(1f, within(1e-4f));
    }

    @Test
    void timestepsMatchWhatDiffusersPrintsForTwentySteps() {
        // FlowMatchEulerDiscreteScheduler().set_timesteps(20), as printed in huggingface/diffusers#10269
        float[] expected = {1000.0000f, 947.4211f, 894.8421f, 842.2632f, 789.6843f, 737.1052f, 684.5263f, 631.9474f,
            579.3684f, 526.7895f, 474.2105f, 421.6316f, 369.0526f, 316.4737f, 263.8947f, 211.3158f, 158.7368f,
            106.1579f, 53.5789f, 1.0000f};

        SamplerRun run = run(20, 1.0);

        for (int step = 0; step < 20; step++) {
            assertThat(run.timestep(step)).as("step %d", step).isCloseTo(expected[step], within(5e-5f));
        }
    }

    @Test
    void dynamicShiftingByMuIsTheSingleShiftDiffusersPrintsForShiftSeven() {
        // after set_shift(7.0) on a scheduler built with shift 1, diffusers shifts once (huggingface/diffusers#10269);
        // the exponential time shift with mu = ln 7 is that same map
        float[] expected = {1000.0000f, 992.1342f, 983.4892f, 973.9432f, 963.3475f, 951.5190f, 938.2291f, 923.1893f,
            906.0295f, 886.2676f, 863.2631f, 836.1465f, 803.7072f, 764.2072f, 715.0599f, 652.2395f, 569.1180f,
            453.9579f, 283.8139f, 6.9583f};

        double[] sigmas = sampler.dynamicSigmas(20, Math.log(7));

        for (int step = 0; step < 20; step++) {
            assertThat((float) sigmas[step] * 1000f).as("step %d", step).isCloseTo(expected[step], within(1e-4f));
        }
        assertThat(sigmas[20]).isZero();
    }

    @Test
    void dynamicShiftingTakesMuFromTheTokenCount() {
        SamplerOptions.DynamicShift shift = SamplerOptions.DynamicShift.diffusersDefault();
        assertThat(shift.mu(256)).isCloseTo(0.5, within(1e-12));
        assertThat(shift.mu(4096)).isCloseTo(1.15, within(1e-12));
        assertThat(shift.mu(1024)).isCloseTo(0.63, within(1e-12));

        FlowMatchEulerSampler dynamic = new FlowMatchEulerSampler(new SamplerOptions.FlowMatch(1000, shift));
        SamplerRun run = dynamic.start(settings(8, 1.0), Prediction.FLOW, 4096);
        double[] expected = sampler.dynamicSigmas(8, 1.15);
        for (int step = 0; step < 8; step++) {
            assertThat(run.timestep(step)).isEqualTo((float) expected[step] * 1000f);
        }
        assertThatIllegalStateException().as("a resolution-dependent schedule needs the token count")
                .isThrownBy(() -> dynamic.start(settings(8, 1.0), Prediction.FLOW));
    }

    @Test
    void addNoiseInterpolatesBetweenSampleAndNoiseAtTheStepsSigma() {
        NDArray sample = gaussian(14);
        NDArray noise = gaussian(15);
        SamplerRun run = run(10, 3.0);
        float sigma = run.timestep(4) / 1000f;

        NDArray noised = run.addNoise(sample, noise, 4);

        NDArray expected = noise.mul(sigma).add(sample.mul(1f - sigma));
        assertThat(noised.sub(expected).abs().max().getFloat()).isLessThan(1e-6f);
    }

    @Test
    void stochasticStepsRenoiseTheEstimateWithTheRequestsSeededNoise() {
        FlowMatchEulerSampler stochastic = new FlowMatchEulerSampler(new SamplerOptions.FlowMatch(1000, null, true));
        assertThat(stochastic.name()).isEqualTo("flow-euler-stochastic");
        NDArray target = gaussian(11).clip(-1, 1);
        NDArray noise = gaussian(12);
        Denoiser exact = denoiser((x, sigma) -> x.sub(target).div(sigma));

        SamplerRun run = stochastic.start(settings(6, 1.0), Prediction.FLOW);
        NDArray start = run.initialLatents(noise);
        float sigma = run.timestep(0) / 1000f;
        float next = run.timestep(1) / 1000f;
        NDArray first = run.step(exact.predict(start, manager.create(new float[] {sigma * 1000}), text()), 0, start);
        // (1 - sigma_next) x0 + sigma_next z, z the seed's own stream: not the deterministic Euler step
        NDArray fresh = manager.create(SplitMix64.gaussians(SplitMix64.derive(1L, "flow-stochastic"),
                Math.toIntExact(SHAPE.size())), SHAPE);
        NDArray expected = target.mul(1 - next).add(fresh.mul(next));
        assertThat(first.sub(expected).abs().max().getFloat()).isLessThan(1e-5f);
        NDArray euler = start.add(start.sub(target).div(sigma).mul(next - sigma));
        assertThat(first.sub(euler).abs().max().getFloat()).isGreaterThan(0.1f);
        run.close();

        // every step re-noises the exact estimate, and the last one returns it
        NDArray result = SamplingLoop.sample(exact, stochastic.start(settings(6, 1.0), Prediction.FLOW), noise,
                text(), 1.0);
        assertThat(result.sub(target).abs().max().getFloat()).isLessThan(2e-5f);
    }

    @Test
    void onlyDrivesVelocityModels() {
        assertThat(sampler.supports(Prediction.FLOW)).isTrue();
        assertThat(sampler.supports(Prediction.EPSILON)).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> sampler.start(settings(4, 1.0), Prediction.V));
    }

    private SamplerRun run(int steps, double shift) {
        return sampler.start(settings(steps, shift), Prediction.FLOW);
    }

    private static SamplingSettings settings(int steps, double shift) {
        return new SamplingSettings("flow-euler", steps, 1.0, shift, 1L, "p", "");
    }

    /** A denoiser that ignores the text (so any guidance gives the same velocity) and sees sigma = t / 1000. */
    private static Denoiser denoiser(BiFunction<NDArray, Float, NDArray> velocity) {
        return new Denoiser() {
            @Override
            public Prediction prediction() {
                return Prediction.FLOW;
            }

            @Override
            public NDArray predict(NDArray latents, NDArray timesteps, TextConditioning text) {
                return velocity.apply(latents, timesteps.getFloat(0) / 1000f);
            }
        };
    }

    private TextConditioning text() {
        return new TextConditioning(manager.zeros(new Shape(2, 1, 4)), manager.ones(new Shape(2, 1)),
                manager.zeros(new Shape(2, 4)));
    }

    private NDArray gaussian(long seed) {
        return manager.create(SplitMix64.gaussians(seed, Math.toIntExact(SHAPE.size())), SHAPE);
    }
}

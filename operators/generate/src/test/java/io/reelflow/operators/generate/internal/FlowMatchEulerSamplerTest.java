package io.reelflow.operators.generate.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.reelflow.operators.generate.Denoiser;
import io.reelflow.operators.generate.Prediction;
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
        assertThat(sampler.sigmas(4, 1.0)).containsExactly(new double[] {1.0, 0.667, 0.334, 0.001, 0.0}, within(1e-12));
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

package io.reelflow.operators.generate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.reelflow.operators.generate.Denoiser;
import io.reelflow.operators.generate.NoiseSchedule;
import io.reelflow.operators.generate.Prediction;
import io.reelflow.operators.generate.Sampler;
import io.reelflow.operators.generate.Samplers;
import io.reelflow.operators.generate.SamplingSettings;
import io.reelflow.operators.generate.TextConditioning;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every noise-prediction sampler through the serving loop (scopes, guidance, multistep history). */
class SamplingLoopTest {

    private static final Shape SHAPE = new Shape(1, 2, 4, 4, 3);
    private static final float[] ALPHAS_CUMPROD = NoiseSchedule.diffusersDefault(1000).alphasCumprod();
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager(Device.cpu(), SpacetimeDitArchitecture.ENGINE);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @ParameterizedTest(name = "{0}, {1}, {2} steps")
    @CsvSource({"ddim, EPSILON, 10", "ddim, V, 25", "euler, EPSILON, 10", "euler, V, 20", "euler-karras, EPSILON, 12",
        "dpmpp-2m, EPSILON, 10", "dpmpp-2m, V, 20", "dpmpp-2m-karras, V, 8"})
    void aDenoiserThatKnowsTheTargetLeadsToIt(String name, Prediction prediction, int steps) {
        NDArray target = gaussian(21).clip(-1, 1);
        NDArray noise = gaussian(22);
        Sampler sampler = Samplers.create(name, 1000).orElseThrow();

        NDArray result = SamplingLoop.sample(exact(target, prediction),
                sampler.start(new SamplingSettings(name, steps, 5.0, 1.0, 3L, "p", ""), prediction), noise, text(),
                5.0, 0.7);

        assertThat(result.getShape()).isEqualTo(SHAPE);
        assertThat(result.sub(target).abs().max().getFloat()).isLessThan(1e-3f);
    }

    /**
     * Predicts the noise (or v) that takes the model input to {@code target}, reading alpha-bar at the nearest
     * training timestep: exact at the integer last timestep every sampler ends on. It ignores the text, so any
     * guidance gives the same prediction.
     */
    private static Denoiser exact(NDArray target, Prediction prediction) {
        return new Denoiser() {
            @Override
            public Prediction prediction() {
                return prediction;
            }

            @Override
            public NDArray predict(NDArray latents, NDArray timesteps, TextConditioning text) {
                float alphaProd = ALPHAS_CUMPROD[Math.round(timesteps.getFloat(0))];
                float sqrtAlpha = (float) Math.sqrt(alphaProd);
                float sqrtBeta = (float) Math.sqrt(1 - alphaProd);
                NDArray targets = target.concat(target, 0);
                NDArray epsilon = latents.sub(targets.mul(sqrtAlpha)).div(sqrtBeta);
                return prediction == Prediction.EPSILON ? epsilon
                        : epsilon.mul(sqrtAlpha).sub(targets.mul(sqrtBeta));
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

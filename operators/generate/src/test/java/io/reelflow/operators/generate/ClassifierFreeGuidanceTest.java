package io.reelflow.operators.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClassifierFreeGuidanceTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void guidanceExtrapolatesFromTheUnconditionalTowardsTheConditional() {
        NDArray uncond = manager.create(new float[] {1f, -2f, 0f});
        NDArray cond = manager.create(new float[] {3f, 2f, 0.5f});

        assertThat(ClassifierFreeGuidance.combine(uncond, cond, 1.0).toFloatArray()).containsExactly(3f, 2f, 0.5f);
        assertThat(ClassifierFreeGuidance.combine(uncond, cond, 0.0).toFloatArray()).containsExactly(1f, -2f, 0f);
        assertThat(ClassifierFreeGuidance.combine(uncond, cond, 2.0).toFloatArray()).containsExactly(5f, 6f, 1f);
    }

    @Test
    void rescaleMatchesDiffusersRescaleNoiseCfgPerBatchItem() {
        // two batch items of 2x2; expected from rescale_noise_cfg's formula in float64 (std with Bessel's correction)
        NDArray uncond = manager.create(new float[] {1f, -2f, 0f, 0.5f, 0.3f, 0.1f, -0.2f, 0.4f}, new Shape(2, 2, 2));
        NDArray cond = manager.create(new float[] {3f, 2f, 0.5f, -1f, 0f, 0.2f, 0.6f, -0.3f}, new Shape(2, 2, 2));

        NDArray rescaled = ClassifierFreeGuidance.combine(uncond, cond, 7.5, 0.7);
        NDArray fully = ClassifierFreeGuidance.combine(uncond, cond, 7.5, 1.0);

        assertThat(rescaled.getShape()).isEqualTo(new Shape(2, 2, 2));
        assertThat(rescaled.toFloatArray()).containsExactly(new float[] {5.980227f, 10.465397f, 1.4016157f,
                -4.017965f, -0.6986376f, 0.30453432f, 2.077999f, -1.737637f}, within(2e-5f));
        assertThat(fully.toFloatArray()).containsExactly(new float[] {1.6860384f, 2.9505672f, 0.39516525f,
                -1.132807f, -0.16233938f, 0.07076332f, 0.4828556f, -0.40376718f}, within(2e-5f));
    }

    @Test
    void aFullRescaleGivesTheGuidedPredictionTheConditionalDeviation() {
        NDArray uncond = manager.randomNormal(new Shape(3, 4, 5));
        NDArray cond = manager.randomNormal(new Shape(3, 4, 5)).mul(2f);

        NDArray rescaled = ClassifierFreeGuidance.combine(uncond, cond, 9.0, 1.0).reshape(3, -1);
        NDArray flatCond = cond.reshape(3, -1);

        assertThat(std(rescaled)).containsExactly(std(flatCond), within(1e-4f));
        assertThat(ClassifierFreeGuidance.combine(uncond, cond, 9.0, 0.0).toFloatArray())
                .as("rescale 0 is plain guidance")
                .containsExactly(ClassifierFreeGuidance.combine(uncond, cond, 9.0).toFloatArray());
    }

    @Test
    void rescaleOutsideTheUnitIntervalIsRejected() {
        NDArray x = manager.ones(new Shape(1, 4));
        assertThatIllegalArgumentException().isThrownBy(() -> ClassifierFreeGuidance.rescale(x, x, 1.5));
    }

    private static float[] std(NDArray rows) {
        NDArray centered = rows.sub(rows.mean(new int[] {1}, true));
        return centered.mul(centered).sum(new int[] {1}).div(rows.getShape().get(1) - 1f).sqrt().toFloatArray();
    }
}

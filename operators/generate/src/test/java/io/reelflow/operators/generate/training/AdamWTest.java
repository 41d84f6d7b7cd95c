package io.reelflow.operators.generate.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdamWTest {

    @Test
    void aStepWithOverflowedGradientsChangesNothingAndTheNextStepIsClean() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray weight = manager.create(new float[] {1f, 2f, 3f});
            weight.setRequiresGradient(true);
            AdamW optimizer = new AdamW(manager, List.of(weight), new float[] {1f});

            backward(weight, manager.create(new float[] {Float.POSITIVE_INFINITY, 1f, 1f}));
            double overflowed = optimizer.update(0, 0.1, 0, 1);

            assertThat(overflowed).isInfinite();
            assertThat(weight.toFloatArray()).containsExactly(1f, 2f, 3f);
            assertThat(optimizer.firstMoments().get(0).toFloatArray()).containsExactly(0f, 0f, 0f);

            backward(weight, manager.create(new float[] {1f, 1f, 1f}));
            double clean = optimizer.update(1, 0.1, 0, 0);

            assertThat(clean).isCloseTo(Math.sqrt(3), org.assertj.core.data.Offset.offset(1e-6));
            float[] after = weight.toFloatArray();
            for (float value : after) {
                assertThat(Float.isFinite(value)).isTrue();
            }
            assertThat(after[0]).isLessThan(1f);
        }
    }

    /** Gradient of sum(weight * coefficients): the coefficients. */
    private static void backward(NDArray weight, NDArray coefficients) {
        try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
            collector.backward(weight.mul(coefficients).sum());
        }
    }
}

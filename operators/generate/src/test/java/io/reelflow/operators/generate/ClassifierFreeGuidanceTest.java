package io.reelflow.operators.generate;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class ClassifierFreeGuidanceTest {

    @Test
    void guidanceExtrapolatesFromTheUnconditionalTowardsTheConditional() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray uncond = manager.create(new float[] {1f, -2f, 0f});
            NDArray cond = manager.create(new float[] {3f, 2f, 0.5f});

            assertThat(ClassifierFreeGuidance.combine(uncond, cond, 1.0).toFloatArray()).containsExactly(3f, 2f, 0.5f);
            assertThat(ClassifierFreeGuidance.combine(uncond, cond, 0.0).toFloatArray()).containsExactly(1f, -2f, 0f);
            assertThat(ClassifierFreeGuidance.combine(uncond, cond, 2.0).toFloatArray()).containsExactly(5f, 6f, 1f);
        }
    }
}

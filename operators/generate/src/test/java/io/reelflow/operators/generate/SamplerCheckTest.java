package io.reelflow.operators.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class SamplerCheckTest {

    @Test
    void theDummySampleIsDiffusersArangeReshapedAndPermuted() {
        float[] sample = SamplerCheck.dummySample();

        // torch.arange(768).reshape(3, 8, 8, 4) / 768, permuted to (4, 3, 8, 8): x[b, c, h, w] at (c, h, w, b)
        assertThat(sample).hasSize(768);
        assertThat(sample[0]).isZero();
        assertThat(sample[1]).as("x[0, 0, 0, 1]").isEqualTo(4f / 768);
        assertThat(sample[8]).as("x[0, 0, 1, 0]").isEqualTo(32f / 768);
        assertThat(sample[64]).as("x[0, 1, 0, 0]").isEqualTo(256f / 768);
        assertThat(sample[192]).as("x[1, 0, 0, 0]").isEqualTo(1f / 768);
        assertThat(sample[767]).as("x[3, 2, 7, 7]").isEqualTo(767f / 768);
    }

    @Test
    void theDummyNoiseIsTheSameConstructionFlipped() {
        float[] sample = SamplerCheck.dummySample();
        float[] noise = SamplerCheck.dummyNoise();

        for (int i = 0; i < 768; i++) {
            assertThat(noise[i]).isEqualTo((767 - sample[i] * 768) / 768);
        }
    }

    @Test
    void theLoopIsDeterministicAndStartsOnlyInsideTheSchedule() {
        Sampler ddim = Samplers.create("ddim", 1000).orElseThrow();

        assertThat(SamplerCheck.fullLoop(ddim, Prediction.EPSILON, 10))
                .isEqualTo(SamplerCheck.fullLoop(ddim, Prediction.EPSILON, 10));
        assertThat(SamplerCheck.fullLoop(ddim, Prediction.EPSILON, 10).toString())
                .matches("sum_abs=[0-9.]+ mean_abs=[0-9.]+");
        assertThatIllegalArgumentException().isThrownBy(() -> SamplerCheck.fullLoopWithNoise(ddim, Prediction.EPSILON,
                10, 10));
    }
}

package io.reelflow.operators.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FrameNoiseTest {

    @Test
    void mixedNoiseKeepsUnitVarianceAndCorrelatesFramesByTheShare() {
        int frames = 3;
        int values = 20_000;
        SplittableRandom random = new SplittableRandom(3);
        float[] noise = gaussians(random, frames * values);
        float[] shared = gaussians(random, values);

        FrameNoise.mix(noise, shared, 1, frames, values, 0.7);

        double variance = 0;
        double product = 0;
        for (int v = 0; v < values; v++) {
            variance += noise[2 * values + v] * noise[2 * values + v];
            product += noise[v] * noise[2 * values + v];
        }
        assertThat(variance / values).isBetween(0.97, 1.03);
        assertThat(product / values).isBetween(0.67, 0.73);
    }

    @Test
    void aShareOfZeroLeavesTheNoiseAsItWasAndOneIsRefused() {
        float[] noise = {0.5f, -1f, 2f, 0.25f};
        FrameNoise.mix(noise, new float[] {9f, 9f}, 1, 2, 2, 0);
        assertThat(noise).containsExactly(0.5f, -1f, 2f, 0.25f);
        assertThatThrownBy(() -> FrameNoise.mix(noise, new float[2], 1, 2, 2, 1))
                .hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> FrameNoise.mix(noise, new float[3], 1, 2, 2, 0.5))
                .hasMessageContaining("do not fit");
    }

    private static float[] gaussians(SplittableRandom random, int count) {
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            double u = 1 - random.nextDouble();
            out[i] = (float) (Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble()));
        }
        return out;
    }
}

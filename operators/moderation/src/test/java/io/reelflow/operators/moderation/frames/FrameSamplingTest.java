package io.reelflow.operators.moderation.frames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FrameSamplingTest {

    private final FrameSampling halfSecond = new FrameSampling(Duration.ofMillis(500));

    @Test
    void picksTheFrameOnScreenEveryHalfSecondPlusTheLast() {
        int[] expected = IntStream.concat(IntStream.rangeClosed(0, 19).map(k -> 12 * k), IntStream.of(239)).toArray();
        assertThat(halfSecond.indexes(240, 24)).containsExactly(expected);
        assertThat(halfSecond.describe(240, 24)).isEqualTo("21 of 240 frames (first, last, every 0.5 s)");
    }

    @Test
    void doesNotRepeatTheLastFrameWhenASampleFallsOnIt() {
        assertThat(halfSecond.indexes(241, 24)).hasSize(21).endsWith(228, 240);
    }

    @Test
    void followsFractionalFrameRates() {
        assertThat(halfSecond.indexes(90, 29.97)).startsWith(0, 14, 29, 44, 59, 74).endsWith(89).hasSize(7);
    }

    @Test
    void anImageIsItsOneFrame() {
        assertThat(halfSecond.indexes(1, 0)).containsExactly(0);
        assertThat(halfSecond.indexes(1, 24)).containsExactly(0);
        assertThat(halfSecond.describe(1, 0)).isEqualTo("the one frame");
    }

    @Test
    void checksEveryFrameWhenSamplesAreCloserThanFrames() {
        assertThat(new FrameSampling(Duration.ofMillis(100)).indexes(80, 8)).containsExactly(
                IntStream.range(0, 80).toArray());
        assertThat(new FrameSampling(Duration.ofMillis(100)).describe(80, 8))
                .isEqualTo("all 80 frames (first, last, every 0.1 s)");
    }

    @Test
    void checksEveryFrameOfFramesWithoutARate() {
        for (double fps : new double[] {0, -24, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThat(halfSecond.indexes(5, fps)).as("fps " + fps).containsExactly(0, 1, 2, 3, 4);
        }
        assertThat(halfSecond.describe(5, 0)).isEqualTo("all 5 frames (no frame rate)");
    }

    @Test
    void aHugeRateOrALongClipStaysBounded() {
        assertThat(halfSecond.indexes(1_000_000, 1e9)).containsExactly(0, 999_999);
        assertThat(new FrameSampling(Duration.ofSeconds(2)).indexes(1_000_000, 24)).hasSize(20_835);
    }

    @Test
    void theIntervalMustBePositive() {
        assertThatThrownBy(() -> new FrameSampling(Duration.ZERO))
                .hasMessageContaining("moderation.frames.sample-every must be positive");
        assertThatThrownBy(() -> new FrameSampling(Duration.ofMillis(-1)))
                .hasMessageContaining("moderation.frames.sample-every");
    }
}

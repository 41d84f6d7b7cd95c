package io.reelflow.operators.watermark.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FalsePositiveTest {

    @Test
    void aPerfectDecodeIsAsUnlikelyAsGuessingEveryRedundantBit() {
        // 172 code bits carry 64 free bits: a perfect match by chance has probability 2^(64 - 172).
        assertThat(FalsePositive.probability(0)).isCloseTo(Math.pow(2, -108), within(1e-40));
    }

    @Test
    void growsWithTheErrorsCorrectedAndStaysAProbability() {
        double previous = 0;
        for (int errors = 0; errors <= PayloadCodec.CODED_BITS; errors++) {
            double p = FalsePositive.probability(errors);
            assertThat(p).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(1.0);
            previous = p;
        }
        assertThat(FalsePositive.probability(PayloadCodec.CODED_BITS)).isEqualTo(1.0);
    }

    @Test
    void theDefaultThresholdAllowsSeventeenErrors() {
        assertThat(FalsePositive.probability(17)).isLessThanOrEqualTo(1e-9);
        assertThat(FalsePositive.probability(18)).isGreaterThan(1e-9);
    }
}

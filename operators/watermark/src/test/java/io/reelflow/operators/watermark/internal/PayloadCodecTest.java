package io.reelflow.operators.watermark.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PayloadCodecTest {

    private final SplittableRandom random = new SplittableRandom(5);

    @Test
    void roundTripsIdsAndCountsTheErrorsItCorrected() {
        for (int trial = 0; trial < 40; trial++) {
            long id = random.nextLong();
            double[] soft = soft(PayloadCodec.encode(id));
            int flips = trial % 6;
            for (int k = 0; k < flips; k++) {
                int i = 10 + 30 * k;
                soft[i] = -soft[i];
            }
            PayloadCodec.Decoded decoded = PayloadCodec.decode(soft);
            assertThat(decoded.integrityOk()).isTrue();
            assertThat(decoded.id()).isEqualTo(id);
            assertThat(decoded.bitErrors()).isEqualTo(flips);
        }
    }

    @Test
    void noiseRarelyPassesTheIntegrityCheckAndNeverWithFewErrors() {
        int passed = 0;
        int fewestErrors = Integer.MAX_VALUE;
        for (int trial = 0; trial < 2000; trial++) {
            double[] soft = new double[PayloadCodec.CODED_BITS];
            for (int i = 0; i < soft.length; i++) {
                soft[i] = random.nextGaussian();
            }
            PayloadCodec.Decoded decoded = PayloadCodec.decode(soft);
            passed += decoded.integrityOk() ? 1 : 0;
            fewestErrors = Math.min(fewestErrors, decoded.bitErrors());
        }
        // CRC-16 lets about 1 in 65536 through; the decoder's best guess on noise still disagrees with many bits.
        assertThat(passed).isLessThanOrEqualTo(2);
        assertThat(fewestErrors).isGreaterThan(17);
    }

    @Test
    void zeroSoftValuesCountAsErrors() {
        assertThat(PayloadCodec.decode(new double[PayloadCodec.CODED_BITS]).bitErrors()).isEqualTo(PayloadCodec.CODED_BITS);
    }

    private static double[] soft(int[] bits) {
        double[] soft = new double[bits.length];
        for (int i = 0; i < bits.length; i++) {
            soft[i] = bits[i] == 1 ? 1 : -1;
        }
        return soft;
    }
}

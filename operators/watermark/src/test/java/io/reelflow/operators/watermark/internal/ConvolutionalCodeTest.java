package io.reelflow.operators.watermark.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConvolutionalCodeTest {

    private final SplittableRandom random = new SplittableRandom(11);

    @Test
    void decodesCleanCodewordsBackToTheMessage() {
        for (int trial = 0; trial < 50; trial++) {
            int[] message = randomBits(80);
            int[] coded = ConvolutionalCode.encode(message);
            assertThat(coded).hasSize(ConvolutionalCode.codedLength(80)).hasSize(172);
            assertThat(ConvolutionalCode.decode(soft(coded, 1.0), 80)).containsExactly(message);
        }
    }

    @Test
    void correctsScatteredHardErrors() {
        for (int trial = 0; trial < 50; trial++) {
            int[] message = randomBits(80);
            double[] soft = soft(ConvolutionalCode.encode(message), 1.0);
            // One flipped bit in every 20 code bits, at a random place: well within the free distance of 10.
            for (int block = 0; block + 20 <= soft.length; block += 20) {
                int i = block + random.nextInt(20);
                soft[i] = -soft[i];
            }
            assertThat(ConvolutionalCode.decode(soft, 80)).containsExactly(message);
        }
    }

    @Test
    void softValuesOutweighConfidentlyWrongMinorities() {
        int[] message = randomBits(80);
        int[] coded = ConvolutionalCode.encode(message);
        double[] soft = soft(coded, 1.0);
        // Three adjacent flips would beat hard decoding, but they are weak while the rest is sure.
        for (int i = 40; i < 46; i++) {
            soft[i] = i < 43 ? -0.1 * soft[i] : soft[i];
        }
        for (int i = 0; i < soft.length; i++) {
            soft[i] *= i >= 40 && i < 43 ? 1 : 5;
        }
        assertThat(ConvolutionalCode.decode(soft, 80)).containsExactly(message);
    }

    @Test
    void rejectsTheWrongNumberOfSoftValues() {
        assertThatThrownBy(() -> ConvolutionalCode.decode(new double[10], 80)).isInstanceOf(IllegalArgumentException.class);
    }

    private int[] randomBits(int n) {
        int[] bits = new int[n];
        for (int i = 0; i < n; i++) {
            bits[i] = random.nextInt(2);
        }
        return bits;
    }

    private static double[] soft(int[] coded, double magnitude) {
        double[] soft = new double[coded.length];
        for (int i = 0; i < coded.length; i++) {
            soft[i] = coded[i] == 1 ? magnitude : -magnitude;
        }
        return soft;
    }
}

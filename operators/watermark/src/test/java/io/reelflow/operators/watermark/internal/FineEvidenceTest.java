package io.reelflow.operators.watermark.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FineEvidenceTest {

    private static final int FINE = FineEvidence.FINE;

    @Test
    void theQuickselectMedianIsTheSortedMedian() {
        SplittableRandom random = new SplittableRandom(5);
        for (int trial = 0; trial < 20; trial++) {
            double[] values = new double[1 + random.nextInt(5000)];
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextInt(4) == 0 ? 3.0 : random.nextGaussian() * 10; // with ties
            }
            double[] abs = Arrays.stream(values).map(Math::abs).sorted().toArray();
            // Unsorted magnitudes first, then values past the count that must not take part.
            double[] buffer = Arrays.copyOf(Arrays.stream(values).map(Math::abs).toArray(), values.length + 7);
            Arrays.fill(buffer, values.length, buffer.length, 1e9);
            assertThat(FineEvidence.median(buffer, values.length)).isEqualTo(abs[abs.length / 2]);
        }
    }

    @Test
    void theHighPassRemovesSmoothContentAndKeepsACellScalePattern() {
        double[] gradient = new double[FINE * FINE];
        double[] checker = new double[FINE * FINE];
        int cell = FINE / MarkScheme.GRID;
        for (int y = 0; y < FINE; y++) {
            for (int x = 0; x < FINE; x++) {
                gradient[y * FINE + x] = 40 + 0.3 * x + 0.2 * y;
                checker[y * FINE + x] = ((x / cell + y / cell) % 2 == 0) ? 1 : -1;
            }
        }
        double[] smooth = FineEvidence.highPass(gradient);
        // Inside the frame a linear ramp is its own local mean; only the borders see a one-sided window.
        for (int y = FineEvidence.RADIUS; y < FINE - FineEvidence.RADIUS; y++) {
            for (int x = FineEvidence.RADIUS; x < FINE - FineEvidence.RADIUS; x++) {
                assertThat(smooth[y * FINE + x]).isCloseTo(0, within(1e-9));
            }
        }
        double[] kept = FineEvidence.highPass(checker);
        double correlation = 0;
        for (int i = 0; i < kept.length; i++) {
            correlation += kept[i] * checker[i] / kept.length;
        }
        assertThat(correlation).isGreaterThan(0.9);
    }

    @Test
    void wholeFrameCellsAverageFourByFourFineCells() {
        double[] fine = new double[FINE * FINE];
        fine[0] = 16;
        fine[FINE * FINE - 1] = 32;
        double[] cells = FineEvidence.wholeFrameCells(fine);
        assertThat(cells[0]).isEqualTo(1.0);
        assertThat(cells[cells.length - 1]).isEqualTo(2.0);
        assertThat(Arrays.stream(cells).sum()).isEqualTo(3.0);
    }

    @Test
    void cellsClippedToWhiteOrBlackDoNotMakeTheRestLookLikeOutliers() {
        SplittableRandom random = new SplittableRandom(8);
        double[] means = new double[FINE * FINE];
        double[] pattern = new double[FINE * FINE];
        boolean[] clipped = new boolean[FINE * FINE];
        int cell = FINE / MarkScheme.GRID;
        double[] cellSigns = random.doubles(MarkScheme.GRID * MarkScheme.GRID).map(v -> v < 0.5 ? -1 : 1).toArray();
        for (int y = 0; y < FINE; y++) {
            for (int x = 0; x < FINE; x++) {
                int i = y * FINE + x;
                pattern[i] = 2 * cellSigns[(y / cell) * MarkScheme.GRID + x / cell];
                clipped[i] = x < FINE * 0.7 || y < FINE / 10; // white on the left, black along the top
                means[i] = x < FINE * 0.7 ? 255 : y < FINE / 10 ? 0 : 128 + pattern[i];
            }
        }
        double[] evidence = FineEvidence.of(means);
        int carrying = 0;
        int agreeing = 0;
        for (int i = 0; i < evidence.length; i++) {
            if (!clipped[i] && evidence[i] != 0) {
                carrying++;
                agreeing += Math.signum(evidence[i]) == Math.signum(pattern[i]) ? 1 : 0;
            }
        }
        // Had the clipped cells counted towards the scale (median 0, so the floor), the +-2 pattern would be erased;
        // as it is, only cells within the window of the clipped edge are (their local mean is off by a hundred).
        long unclipped = java.util.stream.IntStream.range(0, clipped.length).filter(i -> !clipped[i]).count();
        assertThat(carrying).isGreaterThan((int) (0.85 * unclipped));
        assertThat(agreeing).isGreaterThan((int) (0.9 * carrying));
    }
}

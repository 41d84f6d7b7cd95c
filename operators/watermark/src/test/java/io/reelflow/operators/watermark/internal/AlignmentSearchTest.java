package io.reelflow.operators.watermark.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.reelflow.operators.watermark.internal.AlignmentSearch.Aligned;
import io.reelflow.operators.watermark.internal.AlignmentSearch.Alignment;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AlignmentSearchTest {

    private final MarkLayout layout = MarkScheme.layout(new byte[] {1, 2, 3});
    private final int fine = FineEvidence.FINE;

    /**
     * Fine evidence of a frame that shows part of a marked original: a cell pattern carrying random bits, seen through
     * the given alignment, plus noise.
     */
    private double[] seenThrough(Alignment alignment, double noise, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] bits = new int[layout.groups()];
        for (int g = 0; g < bits.length; g++) {
            bits[g] = random.nextBoolean() ? 1 : -1;
        }
        double[] evidence = new double[fine * fine];
        for (int y = 0; y < fine; y++) {
            for (int x = 0; x < fine; x++) {
                double u = alignment.offsetX() + alignment.keptX() * (x + 0.5) / fine;
                double v = alignment.offsetY() + alignment.keptY() * (y + 0.5) / fine;
                int cell = (int) (v * MarkScheme.GRID) * MarkScheme.GRID + (int) (u * MarkScheme.GRID);
                evidence[y * fine + x] = layout.sign(cell) * bits[layout.group(cell)] + noise * random.nextGaussian();
            }
        }
        return evidence;
    }

    @Test
    void readingAnUncroppedFrameIsTheFourByFourAverageTheEmbedderUses() {
        double[] evidence = seenThrough(Alignment.WHOLE, 2, 11);
        double[] searched = new AlignmentSearch(layout, evidence).at(Alignment.WHOLE).cellEvidence();
        double[] averaged = FineEvidence.wholeFrameCells(evidence);
        for (int c = 0; c < searched.length; c++) {
            assertThat(averaged[c]).as("cell %d", c).isCloseTo(searched[c], within(1e-12));
        }
    }

    @Test
    void findsACropFromACornerToAFractionOfACell() {
        for (Alignment truth : new Alignment[] {new Alignment(0.9, 0.1, 0.9, 0.1), new Alignment(0.9, 0, 0.93, 0.07),
                new Alignment(0.87, 0.05, 1, 0)}) {
            Aligned found = new AlignmentSearch(layout, seenThrough(truth, 3, 7)).best(1).get(0);
            double tolerance = 0.25 / MarkScheme.GRID;
            assertThat(found.alignment().keptX()).as("%s", truth).isCloseTo(truth.keptX(), within(tolerance));
            assertThat(found.alignment().offsetX()).as("%s", truth).isCloseTo(truth.offsetX(), within(tolerance));
            assertThat(found.alignment().keptY()).as("%s", truth).isCloseTo(truth.keptY(), within(tolerance));
            assertThat(found.alignment().offsetY()).as("%s", truth).isCloseTo(truth.offsetY(), within(tolerance));
        }
    }

    @Test
    void scoresNoiseNearTheGaussianLevelAndTheTruthFarAbove() {
        double[] noise = new double[fine * fine];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < noise.length; i++) {
            noise[i] = random.nextGaussian();
        }
        double unmarked = new AlignmentSearch(layout, noise).at(Alignment.WHOLE).score();
        assertThat(unmarked).isCloseTo(Math.sqrt(2 / Math.PI), within(0.1));
        double marked = new AlignmentSearch(layout, seenThrough(Alignment.WHOLE, 3, 4)).at(Alignment.WHOLE).score();
        assertThat(marked).isGreaterThan(unmarked + 0.3);
    }
}

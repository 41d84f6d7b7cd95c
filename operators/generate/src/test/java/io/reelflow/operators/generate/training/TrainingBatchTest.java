package io.reelflow.operators.generate.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingBatchTest {

    @Test
    void aStepAlwaysDrawsTheSameBatch() {
        TrainingSpec spec = ReferenceTrainerTest.spec(10, 1e-3);
        TrainingBatch a = TrainingBatch.draw(spec, 2, 16, 0, 7);
        TrainingBatch b = TrainingBatch.draw(spec, 2, 16, 0, 7);
        assertThat(a.clips()).isEqualTo(b.clips());
        assertThat(a.noise()).isEqualTo(b.noise());
        assertThat(a.captions()).isEqualTo(b.captions());
        assertThat(TrainingBatch.draw(spec, 2, 16, 0, 8).noise()).isNotEqualTo(a.noise());
    }

    @Test
    void aFrameNoiseShareCorrelatesTheFramesOfEachClipButNotTheClips() {
        TrainingSpec spec = ReferenceTrainerTest.spec(10, 1e-3);
        TrainingBatch independent = TrainingBatch.draw(spec, 2, 16, 0, 9);
        TrainingBatch mixed = TrainingBatch.draw(spec, 2, 16, 0.5, 9);
        assertThat(mixed.frames()).isEqualTo(4); // the spec's frame counts are 1 and 4; step 9 draws a video
        int frameValues = mixed.width() * mixed.height() * 3;
        assertThat(correlation(independent.noise(), 0, frameValues, frameValues)).isBetween(-0.1, 0.1);
        assertThat(correlation(mixed.noise(), 0, frameValues, frameValues)).isBetween(0.4, 0.6);
        assertThat(correlation(mixed.noise(), 0, 4 * frameValues, frameValues)).isBetween(-0.1, 0.1); // next clip
        assertThat(mixed.clips()).isEqualTo(independent.clips());
    }

    private static double correlation(float[] values, int a, int b, int length) {
        double sum = 0;
        for (int i = 0; i < length; i++) {
            sum += values[a + i] * values[b + i];
        }
        return sum / length;
    }

    @Test
    void givenFramesNeverCoverAWholeClipAndTimesAreInside0To1() {
        TrainingSpec spec = ReferenceTrainerTest.spec(10, 1e-3);
        for (int step = 0; step < 50; step++) {
            TrainingBatch batch = TrainingBatch.draw(spec, 2, 16, 0, step);
            for (int i = 0; i < batch.batch(); i++) {
                float given = 0;
                for (int f = 0; f < batch.frames(); f++) {
                    given += batch.known()[i * batch.frames() + f];
                }
                assertThat(given).isLessThan(batch.frames());
                assertThat(batch.times()[i]).isGreaterThan(0f).isLessThanOrEqualTo(1f);
            }
            assertThat(batch.batch() * Math.max(1, batch.frames() / 2) * (batch.width() * batch.height() / 16))
                    .isLessThanOrEqualTo(Math.max(spec.batchTokens(), batch.frames() / 2 * batch.width() * batch.height() / 16));
        }
    }

    @Test
    void aTimeShiftOfTwoTrainsHighNoiseAsOftenAsLowNoise() {
        TrainingSpec spec = ReferenceTrainerTest.spec(10, 1e-3); // time-shift 2
        int high = 0;
        int low = 0;
        int all = 0;
        for (int step = 0; step < 400; step++) {
            for (float t : TrainingBatch.draw(spec, 2, 16, 0, step).times()) {
                high += t > 0.9f ? 1 : 0;
                low += t < 0.3f ? 1 : 0;
                all++;
            }
        }
        // s u / (1 + (s - 1) u) with s = 2: P(t > 0.9) = 1 - 0.9 / 1.1 = 0.18, P(t < 0.3) = 0.3 / 1.7 = 0.18
        assertThat(high / (double) all).isBetween(0.15, 0.21);
        assertThat(low / (double) all).isBetween(0.15, 0.21);
        assertThat(spec.time(0.5)).isEqualTo(2 * 0.5 / 1.5);
    }

    @Test
    void coverageMarksTheObjectsPixelsAndOnlyThem() {
        TrainingSpec spec = ReferenceTrainerTest.spec(10, 1e-3); // object-weight 3
        TrainingBatch batch = TrainingBatch.draw(spec, 2, 16, 0, 3);
        int pixels = batch.frames() * batch.height() * batch.width();
        assertThat(batch.coverage()).hasSize(batch.batch() * pixels);
        for (int i = 0; i < batch.batch(); i++) {
            int covered = 0;
            for (int p = 0; p < pixels; p++) {
                float c = batch.coverage()[i * pixels + p];
                assertThat(c).isBetween(0f, 1f);
                covered += c > 0 ? 1 : 0;
                if (c == 0) { // the background: the clip's first pixel of that frame is background too
                    int frame = p / (batch.height() * batch.width());
                    int corner = (i * pixels + frame * batch.height() * batch.width()) * 3;
                    assertThat(batch.clips()[(i * pixels + p) * 3]).isEqualTo(batch.clips()[corner]);
                }
            }
            assertThat(covered).isBetween(pixels / 20, pixels / 2);
        }
        TrainingSpec unweighted = new TrainingSpec(11, 10, 128, 1e-3, 2, 0.1, 0.01, 1.0, 0.9, 0.1, 0.5, 0.4, 2.0, 0,
                0, 0, 0, 0, 1, spec.buckets(), spec.frameCounts(), 2);
        assertThat(TrainingBatch.draw(unweighted, 2, 16, 0, 3).coverage()).isEmpty();
    }

    @Test
    void theObjectWeightMovesLinearlyToItsFinalValue() {
        TrainingSpec spec = new TrainingSpec(11, 11, 128, 1e-3, 2, 0.1, 0.01, 1.0, 0.9, 0.1, 0.5, 0.4, 2.0, 0,
                4, 0, 0, 0, 1, List.of(new TrainingSpec.Bucket(16, 16, 1)), List.of(new TrainingSpec.FrameCount(4, 1)), 2);
        assertThat(spec.objectWeight(0)).isEqualTo(4.0);
        assertThat(spec.objectWeight(5)).isEqualTo(2.0);
        assertThat(spec.objectWeight(10)).isEqualTo(0.0);
        assertThat(TrainingBatch.draw(spec, 2, 16, 0, 5).objectWeight()).isEqualTo(2.0);
        assertThat(TrainingBatch.draw(spec, 2, 16, 0, 10).coverage()).isEmpty();
        // the clips do not depend on the weight: a run's data is the same whatever its weighting
        TrainingSpec plain = new TrainingSpec(11, 11, 128, 1e-3, 2, 0.1, 0.01, 1.0, 0.9, 0.1, 0.5, 0.4, 2.0, 0,
                0, 0, 0, 0, 1, spec.buckets(), spec.frameCounts(), 2);
        assertThat(TrainingBatch.draw(plain, 2, 16, 0, 5).clips()).isEqualTo(TrainingBatch.draw(spec, 2, 16, 0, 5).clips());
        assertThat(TrainingBatch.draw(plain, 2, 16, 0, 5).noise()).isEqualTo(TrainingBatch.draw(spec, 2, 16, 0, 5).noise());
    }
}

package io.reelflow.operators.generate.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrainingBatchTest {

    @Test
    void aStepAlwaysDrawsTheSameBatch() {
        TrainingSpec spec = ReferenceTrainerTest.spec(10, 1e-3);
        TrainingBatch a = TrainingBatch.draw(spec, 2, 16, 7);
        TrainingBatch b = TrainingBatch.draw(spec, 2, 16, 7);
        assertThat(a.clips()).isEqualTo(b.clips());
        assertThat(a.noise()).isEqualTo(b.noise());
        assertThat(a.captions()).isEqualTo(b.captions());
        assertThat(TrainingBatch.draw(spec, 2, 16, 8).noise()).isNotEqualTo(a.noise());
    }

    @Test
    void givenFramesNeverCoverAWholeClipAndTimesAreInside01() {
        TrainingSpec spec = ReferenceTrainerTest.spec(10, 1e-3);
        for (int step = 0; step < 50; step++) {
            TrainingBatch batch = TrainingBatch.draw(spec, 2, 16, step);
            for (int i = 0; i < batch.batch(); i++) {
                float given = 0;
                for (int f = 0; f < batch.frames(); f++) {
                    given += batch.known()[i * batch.frames() + f];
                }
                assertThat(given).isLessThan(batch.frames());
                assertThat(batch.times()[i]).isStrictlyBetween(0f, 1f);
            }
            assertThat(batch.batch() * Math.max(1, batch.frames() / 2) * (batch.width() * batch.height() / 16))
                    .isLessThanOrEqualTo(Math.max(spec.batchTokens(), batch.frames() / 2 * batch.width() * batch.height() / 16));
        }
    }
}

package io.reelflow.operators.generate;

import io.reelflow.pipeline.Trace;

/**
 * Told how far sampling has got, every generation.serving.progress-every-steps steps and at the last step, on the
 * device's worker thread: implementations return quickly (hand off, never block on I/O).
 */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = (trace, stepsDone, stepsTotal) -> {};

    void progress(Trace trace, int stepsDone, int stepsTotal);
}

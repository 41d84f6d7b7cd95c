package io.reelflow.operators.generate;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.pipeline.Trace;
import java.io.Serializable;

/**
 * Told how far sampling has got, every generation.serving.progress-every-steps steps and at the last step, on the
 * device's worker thread: implementations return quickly (hand off, never block on I/O).
 */
@FunctionalInterface
public interface ProgressListener extends AutoCloseable {

    ProgressListener NONE = (trace, stepsDone, stepsTotal) -> {};

    void progress(Trace trace, int stepsDone, int stepsTotal);

    /** Releases connections; the engine closes its listener when it closes. */
    @Override
    default void close() {}

    /**
     * Builds a listener in each TaskManager process from the job's configuration. Engines are shared by factories
     * that are equal, so implementations are records or enums, not lambdas.
     */
    interface Factory extends Serializable {
        ProgressListener create(ReelflowConfig config);

        static Factory none() {
            return NoProgress.INSTANCE;
        }
    }

    /** The factory of {@link Factory#none()}. */
    enum NoProgress implements Factory {
        INSTANCE;

        @Override
        public ProgressListener create(ReelflowConfig config) {
            return NONE;
        }
    }
}

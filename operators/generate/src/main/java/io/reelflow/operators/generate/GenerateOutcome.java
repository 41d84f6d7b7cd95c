package io.reelflow.operators.generate;

import io.reelflow.pipeline.Clip;
import io.reelflow.pipeline.Rejection;
import io.reelflow.pipeline.Trace;
import io.reelflow.schema.ResultStatus;
import java.io.Serializable;

/** How one request left the generate stage: with frames, or ended with a status and reason. */
public sealed interface GenerateOutcome extends Serializable {

    Trace trace();

    /** Sampling finished; the clip carries the seed, model and queue/sample timings in its trace. */
    record Generated(Clip clip) implements GenerateOutcome {
        @Override
        public Trace trace() {
            return clip.trace();
        }
    }

    /** Not generated: EXPIRED (deadline), REJECTED (unknown model, unsupported mode) or FAILED (error, timeout). */
    record Ended(Trace trace, ResultStatus status, Rejection reason) implements GenerateOutcome {}
}

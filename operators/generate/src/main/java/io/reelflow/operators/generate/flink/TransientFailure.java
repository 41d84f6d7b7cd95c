package io.reelflow.operators.generate.flink;

import io.reelflow.operators.generate.GenerateOutcome;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.schema.ResultStatus;
import java.io.Serializable;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Outcomes worth another attempt (Flink's async retry re-submits the request; its seed makes the re-run give the same
 * clip): the device's worker failed, or an input asset could not be read now.
 */
final class TransientFailure implements Predicate<Collection<GenerateOutcome>>, Serializable {

    private static final long serialVersionUID = 1L;
    private static final Set<ErrorCode> TRANSIENT = EnumSet.of(ErrorCode.WORKER_FAILED, ErrorCode.STORE_FAILED);

    @Override
    public boolean test(Collection<GenerateOutcome> outcomes) {
        return outcomes.stream().anyMatch(TransientFailure::transientFailure);
    }

    static boolean transientFailure(GenerateOutcome outcome) {
        return outcome instanceof GenerateOutcome.Ended ended && ended.status() == ResultStatus.FAILED
                && TRANSIENT.contains(ended.reason().code());
    }
}

package io.reelflow.operators.moderation.flink;

import io.reelflow.operators.moderation.ClassifierFailedException;
import io.reelflow.operators.moderation.ModerationRejections;
import io.reelflow.operators.moderation.ModerationVerdicts;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.Outcomes;
import io.reelflow.pipeline.Rejection;
import io.reelflow.pipeline.Trace;
import io.reelflow.pipeline.flink.PipelineOutputs;
import io.reelflow.pipeline.flink.StageMetrics;
import io.reelflow.schema.ModerationGate;
import io.reelflow.schema.ModerationVerdict;
import io.reelflow.schema.ResultStatus;
import java.time.Instant;
import java.util.Optional;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;

/**
 * What every moderation gate does with its verdict, in one place: merge it into the trace, time, count and audit it,
 * then end a blocked request or pass it on; and what a gate does when its check could not run.
 */
final class GateVerdicts {

    private final ModerationGate gate;
    private final String checkGate;
    private final String stage;
    private final StageMetrics metrics;
    private final ModerationMetrics decisions;

    /** {@code checkGate} names the gate in verdicts' checks ("prompt", "input", "output"). */
    GateVerdicts(ModerationGate gate, String checkGate, String stage, MetricGroup operatorGroup) {
        this.gate = gate;
        this.checkGate = checkGate;
        this.stage = stage;
        this.metrics = new StageMetrics(operatorGroup, stage);
        this.decisions = new ModerationMetrics(metrics);
    }

    StageMetrics metrics() {
        return metrics;
    }

    /**
     * The trace with the gate's verdict merged in, timed, counted and audited (about {@code subject}); empty if the
     * verdict blocks, in which case the request has ended REJECTED here.
     */
    Optional<Trace> decide(ProcessFunction<?, ?>.Context context, Trace trace, ModerationVerdict verdict,
            String subject, long millis) {
        Trace checked = trace.withModeration(ModerationVerdicts.merge(trace.moderation(), verdict))
                .timed(stage, millis);
        decisions.record(verdict);
        context.output(PipelineOutputs.AUDITS, Outcomes.audit(checked, gate, verdict, subject, Instant.now()));
        Optional<Rejection> rejection = ModerationRejections.of(verdict);
        if (rejection.isPresent()) {
            PipelineOutputs.end(context, metrics, checked, ResultStatus.REJECTED, rejection.get(), millis);
            return Optional.empty();
        }
        metrics.passed(millis);
        return Optional.of(checked);
    }

    /** A check that could not run: audited as a BLOCK saying why, and the request ends FAILED (MODERATION_FAILED). */
    void couldNotCheck(ProcessFunction<?, ?>.Context context, Trace trace, String policyVersion,
            ClassifierFailedException why, String subject, long millis) {
        ModerationVerdict failed = ModerationVerdicts.couldNotCheck(checkGate, policyVersion, why.getMessage());
        Trace ended = trace.withModeration(ModerationVerdicts.merge(trace.moderation(), failed)).timed(stage, millis);
        context.output(PipelineOutputs.AUDITS, Outcomes.audit(ended, gate, failed, subject, Instant.now()));
        PipelineOutputs.end(context, metrics, ended, ResultStatus.FAILED,
                Rejection.of(ErrorCode.MODERATION_FAILED, why.getMessage()), millis);
    }
}

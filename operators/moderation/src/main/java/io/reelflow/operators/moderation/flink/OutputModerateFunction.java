package io.reelflow.operators.moderation.flink;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.moderation.ClassifierFailedException;
import io.reelflow.operators.moderation.ModerationRejections;
import io.reelflow.operators.moderation.ModerationVerdicts;
import io.reelflow.operators.moderation.frames.FrameGate;
import io.reelflow.operators.moderation.frames.TenantFrameModerators;
import io.reelflow.pipeline.Clip;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.Outcomes;
import io.reelflow.pipeline.Rejection;
import io.reelflow.pipeline.Stages;
import io.reelflow.pipeline.Trace;
import io.reelflow.pipeline.flink.PipelineOutputs;
import io.reelflow.pipeline.flink.StageMetrics;
import io.reelflow.schema.ModerationGate;
import io.reelflow.schema.ModerationVerdict;
import io.reelflow.schema.ResultStatus;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Gate 3, generated frames, before anything is watermarked, encoded or stored: a blocked clip ends here REJECTED and
 * never reaches the output bucket; a clip sent to review goes on with the merged verdict, so the store stage holds it
 * in quarantine. Every verdict goes to the moderation audit.
 */
public final class OutputModerateFunction extends ProcessFunction<Clip, Clip> {

    private static final long serialVersionUID = 1L;

    private final ReelflowConfig config;
    private transient TenantFrameModerators moderators;
    private transient StageMetrics metrics;
    private transient ModerationMetrics decisions;

    public OutputModerateFunction(ReelflowConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public void open(OpenContext context) throws Exception {
        moderators = FrameModerators.load(config);
        metrics = new StageMetrics(getRuntimeContext().getMetricGroup(), Stages.MODERATE_OUTPUT);
        decisions = new ModerationMetrics(metrics);
    }

    @Override
    public void processElement(Clip clip, Context context, Collector<Clip> out) {
        metrics.received();
        long started = System.nanoTime();
        Trace trace = clip.trace();
        ModerationVerdict verdict;
        try {
            verdict = moderators.forTenant(trace.tenantId()).check(FrameGate.OUTPUT, clip.frames(), clip.fps());
        } catch (ClassifierFailedException e) {
            long millis = (System.nanoTime() - started) / 1_000_000;
            ModerationVerdict failed = ModerationVerdicts.couldNotCheck(FrameGate.OUTPUT.id(),
                    moderators.forTenant(trace.tenantId()).policy().version(), e.getMessage());
            Trace ended = trace.withModeration(ModerationVerdicts.merge(trace.moderation(), failed))
                    .timed(Stages.MODERATE_OUTPUT, millis);
            context.output(PipelineOutputs.AUDITS, Outcomes.audit(ended, ModerationGate.OUTPUT, failed,
                    "output: " + clip.frames().count() + " frames", Instant.now()));
            PipelineOutputs.end(context, metrics, ended, ResultStatus.FAILED,
                    Rejection.of(ErrorCode.MODERATION_FAILED, e.getMessage()), millis);
            return;
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        Trace checked = trace.withModeration(ModerationVerdicts.merge(trace.moderation(), verdict))
                .timed(Stages.MODERATE_OUTPUT, millis);
        decisions.record(verdict);
        context.output(PipelineOutputs.AUDITS, Outcomes.audit(checked, ModerationGate.OUTPUT, verdict,
                "output: " + clip.frames().count() + " frames", Instant.now()));
        Optional<Rejection> rejection = ModerationRejections.of(verdict);
        if (rejection.isPresent()) {
            PipelineOutputs.end(context, metrics, checked, ResultStatus.REJECTED, rejection.get(), millis);
            return;
        }
        metrics.passed(millis);
        out.collect(clip.withTrace(checked));
    }

    @Override
    public void close() throws Exception {
        if (moderators != null) {
            moderators.close();
        }
    }
}

package io.reelflow.operators.moderation.flink;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.moderation.ClassifierFailedException;
import io.reelflow.operators.moderation.frames.FrameGate;
import io.reelflow.operators.moderation.frames.FrameModerator;
import io.reelflow.operators.moderation.frames.TenantFrameModerators;
import io.reelflow.pipeline.Clip;
import io.reelflow.pipeline.Stages;
import io.reelflow.pipeline.Trace;
import io.reelflow.schema.ModerationGate;
import io.reelflow.schema.ModerationVerdict;
import java.util.Objects;
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
    private transient GateVerdicts verdicts;

    public OutputModerateFunction(ReelflowConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public void open(OpenContext context) throws Exception {
        moderators = FrameModerators.load(config);
        verdicts = new GateVerdicts(ModerationGate.OUTPUT, FrameGate.OUTPUT.id(), Stages.MODERATE_OUTPUT,
                getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(Clip clip, Context context, Collector<Clip> out) {
        verdicts.metrics().received();
        long started = System.nanoTime();
        Trace trace = clip.trace();
        FrameModerator moderator = moderators.forTenant(trace.tenantId());
        String subject = "output: " + clip.frames().count() + " frames";
        ModerationVerdict verdict;
        try {
            verdict = moderator.check(FrameGate.OUTPUT, clip.frames(), clip.fps());
        } catch (ClassifierFailedException e) {
            verdicts.couldNotCheck(context, trace, moderator.policy().version(), e, subject, millisSince(started));
            return;
        }
        verdicts.decide(context, trace, verdict, subject, millisSince(started))
                .ifPresent(checked -> out.collect(clip.withTrace(checked)));
    }

    private static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    @Override
    public void close() throws Exception {
        if (moderators != null) {
            moderators.close();
        }
    }
}

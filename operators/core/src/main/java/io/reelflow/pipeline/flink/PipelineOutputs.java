package io.reelflow.pipeline.flink;

import io.reelflow.pipeline.Outcomes;
import io.reelflow.pipeline.Rejection;
import io.reelflow.pipeline.Trace;
import io.reelflow.schema.DeadLetter;
import io.reelflow.schema.GenerationEvent;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ModerationAudit;
import io.reelflow.schema.ResultStatus;
import io.reelflow.schema.ReviewTask;
import java.time.Instant;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.OutputTag;

/**
 * Side outputs every stage may write to. The job unions each tag across stages and writes them, in one Kafka
 * transaction per checkpoint, to the results, events, dead-letter, moderation-audit and review topics.
 */
public final class PipelineOutputs {

    public static final OutputTag<GenerationResult> RESULTS =
            new OutputTag<>("results", new AvroTypeInfo<>(GenerationResult.class));
    public static final OutputTag<GenerationEvent> EVENTS =
            new OutputTag<>("events", new AvroTypeInfo<>(GenerationEvent.class));
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", new AvroTypeInfo<>(DeadLetter.class));
    /** One record per moderation gate decision. */
    public static final OutputTag<ModerationAudit> AUDITS =
            new OutputTag<>("moderation-audits", new AvroTypeInfo<>(ModerationAudit.class));
    /** Requests held for review: their outputs are quarantined and their result waits for a reviewer. */
    public static final OutputTag<ReviewTask> REVIEWS =
            new OutputTag<>("review-tasks", new AvroTypeInfo<>(ReviewTask.class));

    private PipelineOutputs() {}

    /**
     * Ends a request at this stage: its final result (status and reason) and the matching event go to the side
     * outputs, and the stage counts the reason. Every stage ends requests this one way.
     */
    public static void end(
            ProcessFunction<?, ?>.Context ctx, StageMetrics metrics, Trace trace, ResultStatus status, Rejection why,
            long millis) {
        Instant now = Instant.now();
        ctx.output(RESULTS, Outcomes.ended(trace, status, why, now));
        ctx.output(EVENTS, Outcomes.event(trace, Outcomes.eventType(status), millis, why.toString(), now));
        metrics.rejected(why.code());
    }
}

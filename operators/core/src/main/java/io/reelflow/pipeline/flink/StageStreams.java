package io.reelflow.pipeline.flink;

import io.reelflow.schema.DeadLetter;
import io.reelflow.schema.GenerationEvent;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ModerationAudit;
import io.reelflow.schema.ReviewTask;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * What a stage hands to the next: its main stream, plus the results, events, dead letters, moderation audits and
 * review tasks its operators wrote to {@link PipelineOutputs}. Every stage's adapter exposes
 * {@code <Stage>Stage.apply(input, config)} returning this, so the pipeline only chains stages and unions their
 * outcomes.
 */
public record StageStreams<T>(
        DataStream<T> main,
        DataStream<GenerationResult> results,
        DataStream<GenerationEvent> events,
        DataStream<DeadLetter> deadLetters,
        DataStream<ModerationAudit> audits,
        DataStream<ReviewTask> reviews) {

    /** The main stream and side outputs of one operator. */
    public static <T> StageStreams<T> of(SingleOutputStreamOperator<T> operator) {
        return new StageStreams<>(
                operator,
                operator.getSideOutput(PipelineOutputs.RESULTS),
                operator.getSideOutput(PipelineOutputs.EVENTS),
                operator.getSideOutput(PipelineOutputs.DEAD_LETTERS),
                operator.getSideOutput(PipelineOutputs.AUDITS),
                operator.getSideOutput(PipelineOutputs.REVIEWS));
    }

    /** {@code last}'s main stream, with the side outputs of {@code earlier} operators of the same stage added. */
    public static <T> StageStreams<T> of(SingleOutputStreamOperator<T> last, SingleOutputStreamOperator<?>... earlier) {
        StageStreams<T> streams = of(last);
        for (SingleOutputStreamOperator<?> operator : earlier) {
            StageStreams<?> more = of(operator);
            streams = new StageStreams<>(
                    streams.main,
                    streams.results.union(more.results),
                    streams.events.union(more.events),
                    streams.deadLetters.union(more.deadLetters),
                    streams.audits.union(more.audits),
                    streams.reviews.union(more.reviews));
        }
        return streams;
    }
}

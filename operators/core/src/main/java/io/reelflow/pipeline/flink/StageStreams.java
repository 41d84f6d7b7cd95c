package io.reelflow.pipeline.flink;

import io.reelflow.schema.DeadLetter;
import io.reelflow.schema.GenerationEvent;
import io.reelflow.schema.GenerationResult;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * What a stage hands to the next: its main stream, plus the results, events and dead letters its operators wrote to
 * {@link PipelineOutputs}. Every stage's adapter exposes {@code <Stage>Stage.apply(input, config)} returning this,
 * so the pipeline only chains stages and unions their outcomes.
 */
public record StageStreams<T>(
        DataStream<T> main,
        DataStream<GenerationResult> results,
        DataStream<GenerationEvent> events,
        DataStream<DeadLetter> deadLetters) {

    /** The main stream and side outputs of one operator. */
    public static <T> StageStreams<T> of(SingleOutputStreamOperator<T> operator) {
        return new StageStreams<>(
                operator,
                operator.getSideOutput(PipelineOutputs.RESULTS),
                operator.getSideOutput(PipelineOutputs.EVENTS),
                operator.getSideOutput(PipelineOutputs.DEAD_LETTERS));
    }

    /** {@code last}'s main stream, with the side outputs of {@code earlier} operators of the same stage added. */
    public static <T> StageStreams<T> of(SingleOutputStreamOperator<T> last, SingleOutputStreamOperator<?>... earlier) {
        StageStreams<T> streams = of(last);
        for (SingleOutputStreamOperator<?> operator : earlier) {
            streams = new StageStreams<>(
                    streams.main,
                    streams.results.union(operator.getSideOutput(PipelineOutputs.RESULTS)),
                    streams.events.union(operator.getSideOutput(PipelineOutputs.EVENTS)),
                    streams.deadLetters.union(operator.getSideOutput(PipelineOutputs.DEAD_LETTERS)));
        }
        return streams;
    }
}

package io.reelflow.pipeline.flink;

import io.reelflow.schema.DeadLetter;
import io.reelflow.schema.GenerationEvent;
import io.reelflow.schema.GenerationResult;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.OutputTag;

/**
 * Side outputs every stage may write to. The job unions each tag across stages and writes them, in one Kafka
 * transaction per checkpoint, to the results, events and dead-letter topics.
 */
public final class PipelineOutputs {

    public static final OutputTag<GenerationResult> RESULTS =
            new OutputTag<>("results", new AvroTypeInfo<>(GenerationResult.class));
    public static final OutputTag<GenerationEvent> EVENTS =
            new OutputTag<>("events", new AvroTypeInfo<>(GenerationEvent.class));
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", new AvroTypeInfo<>(DeadLetter.class));

    private PipelineOutputs() {}
}

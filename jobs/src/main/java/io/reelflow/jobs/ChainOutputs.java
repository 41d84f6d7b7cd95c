package io.reelflow.jobs;

import io.reelflow.schema.DeadLetter;
import io.reelflow.schema.GenerationEvent;
import io.reelflow.schema.GenerationResult;
import org.apache.flink.streaming.api.datastream.DataStream;

/** Everything the chain produces: one result per request, its lifecycle events, and dead letters of bad input. */
public record ChainOutputs(
        DataStream<GenerationResult> results,
        DataStream<GenerationEvent> events,
        DataStream<DeadLetter> deadLetters) {}

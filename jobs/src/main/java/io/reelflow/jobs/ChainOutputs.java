package io.reelflow.jobs;

import io.reelflow.schema.DeadLetter;
import io.reelflow.schema.GenerationEvent;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ModerationAudit;
import io.reelflow.schema.ReviewTask;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Everything the chain produces: one result per request (or, for a request held for review, one review task whose
 * result a reviewer publishes later), its lifecycle events, dead letters of bad input, and moderation audits.
 */
public record ChainOutputs(
        DataStream<GenerationResult> results,
        DataStream<GenerationEvent> events,
        DataStream<DeadLetter> deadLetters,
        DataStream<ModerationAudit> audits,
        DataStream<ReviewTask> reviews) {

    /** These outputs with a campaign's row-level results, events and dead letters added. */
    public ChainOutputs with(DataStream<GenerationResult> moreResults, DataStream<GenerationEvent> moreEvents,
            DataStream<DeadLetter> moreDeadLetters) {
        return new ChainOutputs(results.union(moreResults), events.union(moreEvents),
                deadLetters.union(moreDeadLetters), audits, reviews);
    }
}

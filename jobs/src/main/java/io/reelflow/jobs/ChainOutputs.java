package io.reelflow.jobs;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.pipeline.flink.DeadLetterMetrics;
import io.reelflow.pipeline.flink.ResultMetrics;
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

    /** These outputs, with every result and dead letter counted on the way out (ResultMetrics, DeadLetterMetrics). */
    public ChainOutputs counted(ReelflowConfig config) {
        DataStream<GenerationResult> countedResults = results.map(new ResultMetrics(config)).returns(results.getType())
                .name("count-results").uid("reelflow-count-results");
        DataStream<DeadLetter> countedDeadLetters = deadLetters.map(new DeadLetterMetrics()).returns(deadLetters.getType())
                .name("count-dead-letters").uid("reelflow-count-dead-letters");
        return new ChainOutputs(countedResults, events, countedDeadLetters, audits, reviews);
    }
}

package io.reelflow.operators.campaign.flink;

import io.reelflow.operators.campaign.run.CampaignLedger;
import io.reelflow.pipeline.ObjectWrite;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ReviewTask;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;

/**
 * The ledger records of campaign outputs ({@link CampaignLedger}), from a job's results and review tasks, for the
 * store stage to write as each output ends. Both jobs write them: the campaign job, and the streaming job for
 * campaigns published to Kafka.
 */
public final class CampaignLedgerStage {

    private CampaignLedgerStage() {}

    /** The records of the outputs {@code results} end, as operator {@code name}. */
    public static DataStream<ObjectWrite> ofResults(DataStream<GenerationResult> results, String name) {
        return results.flatMap(new OfResult()).returns(TypeInformation.of(ObjectWrite.class)).name(name)
                .uid("reelflow-" + name);
    }

    /** The records of the outputs held for review in {@code reviews}, as operator {@code name}. */
    public static DataStream<ObjectWrite> ofReviews(DataStream<ReviewTask> reviews, String name) {
        return reviews.flatMap(new OfReview()).returns(TypeInformation.of(ObjectWrite.class)).name(name)
                .uid("reelflow-" + name);
    }

    public static DataStream<ObjectWrite> writes(DataStream<GenerationResult> results, DataStream<ReviewTask> reviews) {
        return ofResults(results, "campaign-ledger-results").union(ofReviews(reviews, "campaign-ledger-reviews"));
    }

    static final class OfResult implements FlatMapFunction<GenerationResult, ObjectWrite> {
        @Override
        public void flatMap(GenerationResult result, Collector<ObjectWrite> out) {
            CampaignLedger.entry(result).ifPresent(out::collect);
        }
    }

    static final class OfReview implements FlatMapFunction<ReviewTask, ObjectWrite> {
        @Override
        public void flatMap(ReviewTask task, Collector<ObjectWrite> out) {
            CampaignLedger.entry(task).ifPresent(out::collect);
        }
    }
}

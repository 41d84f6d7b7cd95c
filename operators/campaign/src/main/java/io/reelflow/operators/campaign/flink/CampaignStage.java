package io.reelflow.operators.campaign.flink;

import io.reelflow.operators.campaign.CampaignFile;
import io.reelflow.operators.campaign.CampaignRow;
import io.reelflow.operators.campaign.CampaignSpec;
import io.reelflow.pipeline.ObjectWrite;
import io.reelflow.pipeline.RawRequest;
import io.reelflow.pipeline.flink.StageStreams;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ReviewTask;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.GlobalWindows;

/** A campaign file's rows as raw requests, ready for the same chain as Kafka requests. */
public final class CampaignStage {

    private CampaignStage() {}

    public static StageStreams<RawRequest> requests(
            StreamExecutionEnvironment env, CampaignSpec spec, CampaignFile file, Instant submittedAt) {
        SingleOutputStreamOperator<RawRequest> rows = env
                .fromData(file.rows(), TypeInformation.of(CampaignRow.class))
                .name("campaign-rows").uid("reelflow-campaign-rows")
                .process(new CampaignRowFunction(spec, file.csvHeader(), submittedAt))
                .returns(TypeInformation.of(RawRequest.class))
                .name("campaign-requests").uid("reelflow-campaign-requests");
        return StageStreams.of(rows);
    }

    /**
     * The campaign summary, once every result and review task is in (BATCH mode: at the end of the input); requests
     * held for review are listed as such, not lost.
     */
    public static DataStream<ObjectWrite> summary(
            DataStream<GenerationResult> results, DataStream<ReviewTask> reviews, CampaignSpec spec) {
        TypeInformation<CampaignOutcome> outcome = TypeInformation.of(CampaignOutcome.class);
        return results.map(CampaignOutcome::of).returns(outcome).name("campaign-results").uid("reelflow-campaign-results")
                .union(reviews.map(CampaignOutcome::of).returns(outcome)
                        .name("campaign-reviews").uid("reelflow-campaign-reviews"))
                .windowAll(GlobalWindows.createWithEndOfStreamTrigger())
                .process(new CampaignSummaryFunction(spec))
                .returns(TypeInformation.of(ObjectWrite.class))
                .name("campaign-summary").uid("reelflow-campaign-summary");
    }
}

package io.reelflow.operators.campaign.flink;

import io.reelflow.operators.campaign.CampaignFile;
import io.reelflow.operators.campaign.CampaignRow;
import io.reelflow.operators.campaign.CampaignSpec;
import io.reelflow.pipeline.RawRequest;
import io.reelflow.pipeline.flink.StageStreams;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

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
}

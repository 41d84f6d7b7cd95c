package io.reelflow.operators.campaign.flink;

import io.reelflow.operators.campaign.CampaignSpec;
import io.reelflow.operators.campaign.CampaignSummary;
import io.reelflow.pipeline.ObjectWrite;
import io.reelflow.schema.codec.CodecException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.flink.streaming.api.functions.windowing.ProcessAllWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.GlobalWindow;
import org.apache.flink.util.Collector;

/**
 * All of a campaign's outcomes (results, and review tasks of held requests), at the end of the input, to one summary
 * object for the store stage to write.
 */
public final class CampaignSummaryFunction extends ProcessAllWindowFunction<CampaignOutcome, ObjectWrite, GlobalWindow> {

    private final CampaignSpec spec;

    public CampaignSummaryFunction(CampaignSpec spec) {
        this.spec = spec;
    }

    @Override
    public void process(Context context, Iterable<CampaignOutcome> outcomes, Collector<ObjectWrite> out)
            throws CodecException {
        CampaignSummary summary = new CampaignSummary(spec);
        for (CampaignOutcome outcome : outcomes) {
            if (outcome.held()) {
                summary.hold(outcome.task());
            } else {
                summary.add(outcome.result());
            }
        }
        out.collect(new ObjectWrite(summary.objectKey(), "application/json",
                summary.toJson(Instant.now()).getBytes(StandardCharsets.UTF_8)));
    }
}

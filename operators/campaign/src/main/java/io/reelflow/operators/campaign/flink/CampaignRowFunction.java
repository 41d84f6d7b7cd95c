package io.reelflow.operators.campaign.flink;

import io.reelflow.operators.campaign.CampaignRequests;
import io.reelflow.operators.campaign.CampaignRow;
import io.reelflow.operators.campaign.CampaignSpec;
import io.reelflow.pipeline.Outcomes;
import io.reelflow.pipeline.RawRequest;
import io.reelflow.pipeline.flink.PipelineOutputs;
import io.reelflow.pipeline.flink.StageMetrics;
import io.reelflow.schema.EventType;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Campaign rows to request payloads; rows that are not JSON or CSV become dead letters and REJECTED results. */
public final class CampaignRowFunction extends ProcessFunction<CampaignRow, RawRequest> {

    private final CampaignSpec spec;
    private final List<String> csvHeader;
    private final long submittedAtMillis;
    private transient CampaignRequests requests;
    private transient StageMetrics metrics;

    public CampaignRowFunction(CampaignSpec spec, List<String> csvHeader, Instant submittedAt) {
        this.spec = spec;
        this.csvHeader = List.copyOf(csvHeader);
        this.submittedAtMillis = submittedAt.toEpochMilli();
    }

    @Override
    public void open(OpenContext openContext) {
        requests = new CampaignRequests(spec, csvHeader, Instant.ofEpochMilli(submittedAtMillis));
        metrics = new StageMetrics(getRuntimeContext().getMetricGroup(), "campaign-rows");
    }

    @Override
    public void processElement(CampaignRow row, Context ctx, Collector<RawRequest> out) {
        metrics.received();
        CampaignRequests.Outcome outcome = requests.convert(row);
        if (outcome instanceof CampaignRequests.Converted converted) {
            metrics.passed(0);
            out.collect(converted.request());
        } else if (outcome instanceof CampaignRequests.Refused refused) {
            Instant now = Instant.now();
            metrics.rejected(refused.why().code());
            ctx.output(PipelineOutputs.DEAD_LETTERS, Outcomes.deadLetter(refused.row(), refused.partial(), refused.why(), now));
            ctx.output(PipelineOutputs.RESULTS, Outcomes.rejected(refused.partial(), refused.why(), now));
            ctx.output(PipelineOutputs.EVENTS,
                    Outcomes.event(refused.partial(), EventType.REJECTED, null, refused.why().toString(), now));
        }
    }
}

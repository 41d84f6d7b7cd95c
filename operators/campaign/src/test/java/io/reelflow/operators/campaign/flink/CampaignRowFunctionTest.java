package io.reelflow.operators.campaign.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.operators.campaign.CampaignRow;
import io.reelflow.operators.campaign.CampaignSpec;
import io.reelflow.pipeline.RawRequest;
import io.reelflow.pipeline.flink.PipelineOutputs;
import io.reelflow.schema.EventType;
import io.reelflow.schema.ResultStatus;
import java.time.Instant;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class CampaignRowFunctionTest {

    @Test
    void goodRowsFlowOnAndBadRowsBecomeDeadLettersWithResults() throws Exception {
        CampaignSpec spec = CampaignSpec.builder().campaignId("c1").tenantId("acme").fileName("f.jsonl").build();
        try (OneInputStreamOperatorTestHarness<CampaignRow, RawRequest> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(
                        new CampaignRowFunction(spec, List.of(), Instant.EPOCH))) {
            harness.processElement(new CampaignRow(1, "{\"prompt\":\"a kite\"}"), 0);
            harness.processElement(new CampaignRow(2, "not json"), 0);

            assertThat(harness.extractOutputValues()).singleElement()
                    .satisfies(r -> assertThat(r.source().offset()).isEqualTo(1));
            assertThat(harness.getSideOutput(PipelineOutputs.DEAD_LETTERS)).singleElement()
                    .satisfies(d -> {
                        assertThat(d.getValue().getSourceOffset()).isEqualTo(2);
                        assertThat(d.getValue().getRequestId()).isEqualTo("c1-2");
                    });
            assertThat(harness.getSideOutput(PipelineOutputs.RESULTS)).extracting(StreamRecord::getValue)
                    .singleElement().satisfies(r -> assertThat(r.getStatus()).isEqualTo(ResultStatus.REJECTED));
            assertThat(harness.getSideOutput(PipelineOutputs.EVENTS)).extracting(StreamRecord::getValue)
                    .singleElement().satisfies(e -> assertThat(e.getType()).isEqualTo(EventType.REJECTED));
        }
    }
}

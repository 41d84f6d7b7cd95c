package io.reelflow.operators.campaign.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.operators.campaign.run.CampaignLedger;
import io.reelflow.operators.campaign.run.LedgerFixtures;
import io.reelflow.operators.campaign.run.LedgerRecord;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.ObjectWrite;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ResultStatus;
import io.reelflow.schema.ReviewTask;
import org.apache.flink.streaming.api.operators.StreamFlatMap;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class CampaignLedgerStageTest {

    private static GenerationResult.Builder result(String output, ResultStatus status) {
        return LedgerFixtures.result("acme", "spring", output, output, status);
    }

    @Test
    void resultsOfCampaignOutputsBecomeTheirLedgerWritesAndOthersNone() throws Exception {
        GenerationResult stored = result("spring-01", ResultStatus.SUCCEEDED).build();
        GenerationResult failed = result("spring-02", ResultStatus.FAILED).setRequestId("spring-02-r1")
                .setErrorCode(ErrorCode.ENCODE_FAILED.name()).build();
        try (OneInputStreamOperatorTestHarness<GenerationResult, ObjectWrite> harness =
                new OneInputStreamOperatorTestHarness<>(new StreamFlatMap<>(new CampaignLedgerStage.OfResult()))) {
            harness.open();
            harness.processElement(stored, 0);
            harness.processElement(result("spring-03", ResultStatus.REJECTED)
                    .setErrorCode(ErrorCode.DUPLICATE_REQUEST.name()).build(), 0);
            harness.processElement(LedgerFixtures.result("acme", "spring", "spring-4", null, ResultStatus.SUCCEEDED)
                    .build(), 0);
            harness.processElement(result("../x", ResultStatus.SUCCEEDED).build(), 0);
            harness.processElement(failed, 0);

            assertThat(harness.extractOutputValues()).extracting(ObjectWrite::key).containsExactly(
                    "acme/campaigns/spring/outputs/spring-01/spring-01",
                    "acme/campaigns/spring/outputs/spring-02/spring-02-r1");
            assertThat(harness.extractOutputValues()).extracting(w -> LedgerRecord.decode(w.bytes()).orElseThrow())
                    .containsExactly(new LedgerRecord.Finished(stored), new LedgerRecord.Finished(failed));
            assertThat(harness.extractOutputValues()).extracting(ObjectWrite::contentType)
                    .containsOnly(CampaignLedger.CONTENT_TYPE);
        }
    }

    @Test
    void reviewTasksOfCampaignOutputsBecomeHeldRecords() throws Exception {
        ReviewTask held = LedgerFixtures.review(result("spring-01", ResultStatus.SUCCEEDED).build());
        ReviewTask notACampaignOutput = LedgerFixtures.review(
                LedgerFixtures.result("acme", null, "r-7", null, ResultStatus.SUCCEEDED).build());
        try (OneInputStreamOperatorTestHarness<ReviewTask, ObjectWrite> harness =
                new OneInputStreamOperatorTestHarness<>(new StreamFlatMap<>(new CampaignLedgerStage.OfReview()))) {
            harness.open();
            harness.processElement(held, 0);
            harness.processElement(notACampaignOutput, 0);

            assertThat(harness.extractOutputValues()).singleElement().satisfies(write -> {
                assertThat(write.key()).isEqualTo("acme/campaigns/spring/outputs/spring-01/spring-01");
                assertThat(LedgerRecord.decode(write.bytes())).contains(new LedgerRecord.Held(held));
            });
        }
    }
}

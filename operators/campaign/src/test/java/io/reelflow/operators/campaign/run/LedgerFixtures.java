package io.reelflow.operators.campaign.run;

import io.reelflow.operators.campaign.spec.CampaignDefinition;
import io.reelflow.operators.campaign.spec.PlannedOutput;
import io.reelflow.pipeline.Stages;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ModerationDecision;
import io.reelflow.schema.ModerationVerdict;
import io.reelflow.schema.OutputAsset;
import io.reelflow.schema.OutputRole;
import io.reelflow.schema.ResultStatus;
import io.reelflow.schema.ReviewTask;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Ledger records of campaign outputs as the store stage ends them: results and review tasks. */
public final class LedgerFixtures {

    public static final Instant COMPLETED = Instant.parse("2025-01-01T00:00:00Z");

    private LedgerFixtures() {}

    /** A result of request {@code requestId} labelled as campaign output {@code outputId}. */
    public static GenerationResult.Builder result(String tenant, String campaign, String requestId, String outputId,
            ResultStatus status) {
        Map<String, String> labels = new HashMap<>();
        if (outputId != null) {
            labels.put(CampaignDefinition.OUTPUT_LABEL, outputId);
        }
        return GenerationResult.newBuilder().setRequestId(requestId).setTenantId(tenant).setCampaignId(campaign)
                .setStatus(status).setLabels(labels).setCompletedAt(COMPLETED);
    }

    /** A result for {@code output} under its planned id; a SUCCEEDED one has a stored PNG; sampling took {@code sampleMs}. */
    public static GenerationResult result(PlannedOutput output, ResultStatus status, long sampleMs) {
        GenerationResult.Builder result = result(output.request().getTenantId(), output.request().getCampaignId(),
                output.requestId(), output.requestId(), status)
                .setSeed(output.seed())
                .setTimingsMs(Map.of(Stages.SAMPLE, sampleMs, Stages.STORE, 5L));
        if (status == ResultStatus.SUCCEEDED) {
            result.setAssets(List.of(png("s3://outputs/" + output.request().getTenantId() + "/" + output.requestId()
                    + "/image.png")));
        } else {
            result.setErrorCode("ENCODE_FAILED").setErrorMessage("encoder gave up");
        }
        return result.build();
    }

    public static LedgerRecord finished(PlannedOutput output, ResultStatus status, long sampleMs) {
        return new LedgerRecord.Finished(result(output, status, sampleMs));
    }

    /**
     * {@code output} held for review: its objects in the quarantine bucket, its pending result naming where approval
     * publishes them (the output bucket), as the store stage writes it.
     */
    public static LedgerRecord held(PlannedOutput output, long sampleMs) {
        return new LedgerRecord.Held(review(result(output, ResultStatus.SUCCEEDED, sampleMs)));
    }

    public static ReviewTask review(GenerationResult pending) {
        String key = pending.getTenantId() + "/" + pending.getRequestId() + "/image.png";
        return ReviewTask.newBuilder()
                .setRequestId(pending.getRequestId())
                .setTenantId(pending.getTenantId())
                .setCampaignId(pending.getCampaignId())
                .setPrompt("a teapot")
                .setVerdict(ModerationVerdict.newBuilder().setDecision(ModerationDecision.REVIEW).setPolicyVersion("v1")
                        .build())
                .setQuarantined(List.of("s3://quarantine/" + key))
                .setResult(pending)
                .setHeldAt(COMPLETED.plusSeconds(1))
                .build();
    }

    private static OutputAsset png(String uri) {
        return OutputAsset.newBuilder().setUri(uri).setRole(OutputRole.PRIMARY).setContentType("image/png")
                .setBytes(10).setSha256("%064x".formatted(7)).setWidth(256).setHeight(256).setFrames(1)
                .setDurationSeconds(0).build();
    }
}

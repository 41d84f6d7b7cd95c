package io.reelflow.operators.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.OutputAsset;
import io.reelflow.schema.OutputRole;
import io.reelflow.schema.ResultStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CampaignSummaryTest {

    private static GenerationResult result(String id, ResultStatus status, List<OutputAsset> assets, String error) {
        return GenerationResult.newBuilder()
                .setRequestId(id).setTenantId("acme").setCampaignId("c1").setStatus(status)
                .setAssets(assets).setErrorCode(error).setErrorMessage(error == null ? null : "because")
                .setCompletedAt(Instant.EPOCH).build();
    }

    private static OutputAsset asset(String uri, OutputRole role) {
        return OutputAsset.newBuilder().setUri(uri).setRole(role).setContentType("x").setBytes(1).setSha256("00")
                .setWidth(1).setHeight(1).setFrames(1).setDurationSeconds(0).build();
    }

    @Test
    void countsByStatusAndListsEveryRequestOnce() throws Exception {
        CampaignSpec spec = CampaignSpec.builder().campaignId("c1").tenantId("acme").fileName("f.jsonl").build();
        CampaignSummary summary = new CampaignSummary(spec);
        summary.add(result("c1-3", ResultStatus.REJECTED, List.of(), "OUT_OF_RANGE"));
        summary.add(result("c1-2", ResultStatus.SUCCEEDED,
                List.of(asset("s3://b/acme/c1-2/poster.png", OutputRole.POSTER), asset("s3://b/acme/c1-2/output.mp4", OutputRole.PRIMARY)), null));
        summary.add(result("c1-2", ResultStatus.SUCCEEDED,
                List.of(asset("s3://b/acme/c1-2/poster.png", OutputRole.POSTER), asset("s3://b/acme/c1-2/output.mp4", OutputRole.PRIMARY)), null));

        JsonNode json = CampaignSpec.JSON.readTree(summary.toJson(Instant.parse("2026-11-24T00:00:00Z")));

        assertThat(summary.objectKey()).isEqualTo("acme/campaigns/c1/summary.json");
        assertThat(json.get("requests_total").asInt()).isEqualTo(2);
        assertThat(json.get("counts").get("SUCCEEDED").asInt()).isEqualTo(1);
        assertThat(json.get("counts").get("REJECTED").asInt()).isEqualTo(1);
        assertThat(json.get("counts").get("FAILED").asInt()).isZero();
        assertThat(json.get("requests").get(0).get("request_id").asText()).isEqualTo("c1-2");
        assertThat(json.get("requests").get(0).get("assets").get(0).asText()).endsWith("output.mp4");
        assertThat(json.get("requests").get(1).get("error_code").asText()).isEqualTo("OUT_OF_RANGE");
    }

    @Test
    void listsHeldRequestsAsHeldUnlessTheirResultArrives() throws Exception {
        CampaignSpec spec = CampaignSpec.builder().campaignId("c1").tenantId("acme").fileName("f.jsonl").build();
        CampaignSummary summary = new CampaignSummary(spec);
        summary.add(result("c1-1", ResultStatus.SUCCEEDED, List.of(), null));
        summary.hold(held("c1-2"));
        summary.hold(held("c1-3"));
        summary.add(result("c1-3", ResultStatus.REJECTED, List.of(), "REVIEW_REJECTED"));

        JsonNode json = CampaignSpec.JSON.readTree(summary.toJson(Instant.parse("2026-11-24T00:00:00Z")));

        assertThat(summary.heldForReview()).isEqualTo(1);
        assertThat(json.get("requests_total").asInt()).isEqualTo(3);
        assertThat(json.get("counts").get(CampaignSummary.HELD).asInt()).isEqualTo(1);
        assertThat(json.get("counts").get("REJECTED").asInt()).isEqualTo(1);
        JsonNode last = json.get("requests").get(2);
        assertThat(last.get("request_id").asText()).isEqualTo("c1-2");
        assertThat(last.get("status").asText()).isEqualTo(CampaignSummary.HELD);
        assertThat(last.get("quarantined").get(0).asText()).isEqualTo("s3://q/acme/c1-2/output.png");
    }

    private static io.reelflow.schema.ReviewTask held(String id) {
        return io.reelflow.schema.ReviewTask.newBuilder()
                .setRequestId(id).setTenantId("acme").setPrompt("p")
                .setVerdict(io.reelflow.schema.ModerationVerdict.newBuilder()
                        .setDecision(io.reelflow.schema.ModerationDecision.REVIEW).setPolicyVersion("v").build())
                .setQuarantined(List.of("s3://q/acme/" + id + "/output.png"))
                .setResult(result(id, ResultStatus.SUCCEEDED, List.of(), null))
                .setHeldAt(Instant.EPOCH)
                .build();
    }
}

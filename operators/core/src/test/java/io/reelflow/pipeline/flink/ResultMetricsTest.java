package io.reelflow.pipeline.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelflow.config.ConfigLoader;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ResultStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.streaming.api.operators.StreamMap;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The overview's results by status and the campaigns view's results by campaign, as counted on the way out. */
class ResultMetricsTest {

    private final RecordedMetrics metrics = new RecordedMetrics();

    @Test
    void countsResultsByTenantAndStatusAndByCampaignWithBoundedLabels() throws Exception {
        ReelflowConfig config = ConfigLoader.builder().set("pipeline.campaign-metrics", "2").build();
        List<GenerationResult> results = List.of(
                result("demo", null, ResultStatus.SUCCEEDED),
                result("demo", null, ResultStatus.SUCCEEDED),
                result("demo", "spring", ResultStatus.SUCCEEDED),
                result("demo", "spring", ResultStatus.REJECTED),
                result("demo", "summer", ResultStatus.FAILED),
                result("demo", "autumn", ResultStatus.SUCCEEDED), // a third campaign: over the bound of 2
                result("demo", "winter", ResultStatus.SUCCEEDED), // and a fourth
                result("intruder-" + System.nanoTime(), null, ResultStatus.REJECTED));

        assertThat(run(config, results)).isEqualTo(results);

        assertThat(metrics.count("results", "tenant", "demo", "status", "SUCCEEDED")).isEqualTo(5);
        assertThat(metrics.count("results", "tenant", "demo", "status", "REJECTED")).isEqualTo(1);
        assertThat(metrics.count("results", "tenant", "demo", "status", "FAILED")).isEqualTo(1);
        assertThat(metrics.count("results", "tenant", "unknown", "status", "REJECTED")).isEqualTo(1);
        assertThat(metrics.count("results", "tenant", "demo", "campaign", "spring", "status", "SUCCEEDED")).isEqualTo(1);
        assertThat(metrics.count("results", "tenant", "demo", "campaign", "spring", "status", "REJECTED")).isEqualTo(1);
        assertThat(metrics.count("results", "tenant", "demo", "campaign", "summer", "status", "FAILED")).isEqualTo(1);
        assertThat(metrics.count("results", "tenant", "demo", "campaign", "other", "status", "SUCCEEDED")).isEqualTo(2);
        assertThat(metrics.labelValues("results", "tenant")).containsOnly("demo", "unknown");
        assertThat(metrics.labelValues("results", "campaign")).containsOnly(null, "spring", "summer", "other");
    }

    @Test
    void aNegativeCampaignBoundFailsNamingTheSetting() {
        ReelflowConfig config = ConfigLoader.builder().set("pipeline.campaign-metrics", "-1").build();
        assertThatThrownBy(() -> new ResultMetrics(config)).hasMessageContaining("pipeline.campaign-metrics");
    }

    private List<GenerationResult> run(ReelflowConfig config, List<GenerationResult> results) throws Exception {
        try (MockEnvironment environment = metrics.environment("count-results");
                OneInputStreamOperatorTestHarness<GenerationResult, GenerationResult> harness =
                        new OneInputStreamOperatorTestHarness<>(new StreamMap<>(new ResultMetrics(config)), environment)) {
            harness.setup();
            harness.open();
            for (GenerationResult result : results) {
                harness.processElement(result, 0L);
            }
            return harness.extractOutputValues();
        }
    }

    private static GenerationResult result(String tenant, String campaign, ResultStatus status) {
        return GenerationResult.newBuilder().setRequestId("r-" + System.nanoTime()).setTenantId(tenant)
                .setCampaignId(campaign).setStatus(status).setAssets(List.of()).setTimingsMs(Map.of())
                .setLabels(Map.of()).setCompletedAt(Instant.EPOCH).build();
    }
}

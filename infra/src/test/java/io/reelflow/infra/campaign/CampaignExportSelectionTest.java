package io.reelflow.infra.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.reelflow.infra.campaign.CampaignExport.Approval;
import io.reelflow.infra.campaign.CampaignExport.Kind;
import io.reelflow.infra.campaign.CampaignExport.Line;
import io.reelflow.infra.campaign.CampaignExport.Report;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CampaignExportSelectionTest {

    @Test
    void exportsSucceededOutputsAndHeldOnesOnceReleased() {
        assertThat(Approval.of("SUCCEEDED")).isEqualTo(Approval.APPROVED);
        assertThat(Approval.of("HELD_FOR_REVIEW")).isEqualTo(Approval.IF_RELEASED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"FAILED", "REJECTED", "EXPIRED", "CANCELED", "CANCELLED", "PENDING", "NOT_RUN", "succeeded",
        "SUCCEEDED ", ""})
    void skipsEveryOtherStatus(String status) {
        assertThat(Approval.of(status)).isEqualTo(Approval.NOT_APPROVED);
    }

    @Test
    void summaryCountsExportedUnchangedSkippedByStatusAndErrors() {
        Report report = new Report(Path.of("out/spring"), List.of(
                new Line(Kind.EXPORTED, "spring/square/hero-a", "SUCCEEDED", "square/hero-a.png"),
                new Line(Kind.UNCHANGED, "spring/square/hero-b", "SUCCEEDED", "square/hero-b.png"),
                new Line(Kind.SKIPPED, "spring/square/hero-c", "FAILED", "ENCODE_FAILED: x"),
                new Line(Kind.SKIPPED, "spring/clip/hero-c", "FAILED", "ENCODE_FAILED: y"),
                new Line(Kind.SKIPPED, "spring/clip/hero-d", "HELD_FOR_REVIEW", "held"),
                new Line(Kind.ERROR, "spring/clip/hero-a", "SUCCEEDED", "sha256 mismatch")));

        assertThat(report.summary()).isEqualTo(
                "2 exported (1 unchanged), 3 skipped by status (2 FAILED, 1 HELD_FOR_REVIEW), 1 error");
        assertThat(new Report(Path.of("x"), List.of()).summary())
                .isEqualTo("0 exported (0 unchanged), 0 skipped by status, 0 errors");
    }

    @Test
    void localCsvHasTheManifestsColumnsWithVariablesSpreadAndTheFileColumnsLast() throws Exception {
        ArrayNode rows = (ArrayNode) new ObjectMapper().readTree("""
                [{"key": "spring/square/hero-a", "variables": {"product": "=HYPERLINK(\\"x\\")"}, "status": "SUCCEEDED",
                  "seed": -5, "device_seconds": 1.5, "error_reason": null, "file": "square/hero-a.png", "poster_file": null},
                 {"key": "spring/square/hero-b", "variables": {"product": "a, b", "season": "spring"}, "status": "FAILED",
                  "seed": 7, "device_seconds": null, "error_reason": "E: line\\nbreak", "file": null, "poster_file": null}]
                """);

        assertThat(ExportedManifest.csv(rows)).isEqualTo(
                "key,variable.product,variable.season,status,seed,device_seconds,error_reason,file,poster_file\r\n"
                + "spring/square/hero-a,\"'=HYPERLINK(\"\"x\"\")\",,SUCCEEDED,-5,1.5,,square/hero-a.png,\r\n"
                + "spring/square/hero-b,\"a, b\",spring,FAILED,7,,\"E: line\nbreak\",,\r\n");
    }
}

package io.reelflow.operators.campaign.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.operators.campaign.run.CampaignLedger;
import io.reelflow.operators.campaign.run.LedgerFixtures;
import io.reelflow.operators.campaign.run.LedgerRecord;
import io.reelflow.operators.campaign.spec.PlannedOutput;
import io.reelflow.schema.ResultStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest and report of a run, built from the campaign's ledger and what the budget left out. */
class LedgerManifestTest {

    private static final String BUDGET = "budget max-outputs 3 reached";

    @TempDir
    Path dir;

    private List<PlannedOutput> outputs;
    private LedgerRecord held;
    private CampaignManifest manifest;

    /** Square, clip for each of three products: stored, failed then left out, held, failed, left out, no record. */
    @BeforeEach
    void build() throws IOException {
        outputs = ReportFixtures.outputs(dir);
        held = LedgerFixtures.held(outputs.get(2), 900);
        Map<String, LedgerRecord> ledger = Map.of(
                id(0), LedgerFixtures.finished(outputs.get(0), ResultStatus.SUCCEEDED, 400),
                id(1), LedgerFixtures.finished(outputs.get(1), ResultStatus.FAILED, 0),
                id(2), held,
                id(3), LedgerFixtures.finished(outputs.get(3), ResultStatus.FAILED, 700));
        // a record that says the output exists wins over the budget: 0 and 2 stay what they are
        Map<String, String> leftOut = Map.of(id(0), BUDGET, id(1), BUDGET, id(2), BUDGET, id(4), BUDGET);
        manifest = CampaignManifest.of(outputs, ledger, leftOut);
    }

    private String id(int i) {
        return outputs.get(i).requestId();
    }

    @Test
    void eachOutputHasTheStatusItsRecordAndTheBudgetGiveIt() {
        assertThat(manifest.rows()).extracting(ManifestRow::requestId)
                .containsExactlyElementsOf(outputs.stream().map(PlannedOutput::requestId).toList());
        assertThat(manifest.rows()).extracting(ManifestRow::status).containsExactly("SUCCEEDED",
                CampaignManifest.NOT_RUN, CampaignLedger.HELD, "FAILED", CampaignManifest.NOT_RUN,
                CampaignManifest.PENDING);
        assertThat(manifest.rows()).extracting(ManifestRow::errorReason)
                .containsExactly(null, BUDGET, null, "ENCODE_FAILED: encoder gave up", BUDGET, null);

        ManifestRow notRun = manifest.rows().get(1);
        assertThat(notRun.objectUri()).isNull();
        assertThat(notRun.deviceSeconds()).isNull();
        assertThat(notRun.seed()).isEqualTo(outputs.get(1).seed());
        assertThat(manifest.rows().get(0).objectUri()).isEqualTo(
                "s3://outputs/demo/" + id(0) + "/image.png");
    }

    @Test
    void aHeldOutputNamesWhereApprovalPublishesItNotTheQuarantine() {
        ManifestRow row = manifest.rows().get(2);
        assertThat(held.result().getAssets()).singleElement()
                .satisfies(a -> assertThat(row.objectUri()).isEqualTo(a.getUri().toString()));
        assertThat(row.objectUri()).startsWith("s3://outputs/");
        assertThat(row.sha256()).isEqualTo(held.result().getAssets().get(0).getSha256());
        assertThat(row.deviceSeconds()).isEqualTo(0.9);
        assertThat(manifest.toJson()).doesNotContain("s3://quarantine/");
        assertThat(manifest.toCsv()).contains(CampaignLedger.HELD).doesNotContain("s3://quarantine/");
    }

    @Test
    void theReportListsHeldAndNotRunOutputsWithTheirReasonsAndLinksOnlyStoredObjects() {
        String html = CampaignReport.html("spring", manifest, CampaignReport.relativeTo(CampaignReportTest.REPORT_URI));

        String failures = html.substring(html.indexOf("<section id=\"failures\">"));
        assertThat(failures).contains("Not produced (5)",
                "<td>" + CampaignLedger.HELD + "</td><td class=\"reason\">held for review: published once a reviewer approves",
                "<td>" + CampaignManifest.NOT_RUN + "</td><td class=\"reason\">" + BUDGET,
                "<td>FAILED</td><td class=\"reason\">ENCODE_FAILED: encoder gave up",
                "<td>" + CampaignManifest.PENDING + "</td><td class=\"reason\">no result yet");
        assertThat(Pattern.compile("<td>" + CampaignManifest.NOT_RUN + "</td>").matcher(failures).results()).hasSize(2);
        // the held output's objects are not in the output bucket before a reviewer approves it: the page shows its
        // status instead of a thumbnail that could not load, and the only media it links is the stored output's
        assertThat(html).doesNotContain("quarantine").doesNotContain(id(2) + "/");
        assertThat(Pattern.compile("(src|poster|href)=\"([^\"]*)\"").matcher(html).results().map(m -> m.group(2)))
                .containsOnly("../../" + id(0) + "/image.png");
    }
}

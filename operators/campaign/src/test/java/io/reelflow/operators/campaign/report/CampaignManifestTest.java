package io.reelflow.operators.campaign.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelflow.operators.campaign.spec.PlannedOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CampaignManifestTest {

    private static final String REASON = "=cmd|' /C calc'!A0, \"broken\"\nsecond line";

    @TempDir
    Path dir;

    private List<PlannedOutput> outputs;
    private CampaignManifest manifest;

    @BeforeEach
    void build() throws IOException {
        outputs = ReportFixtures.outputs(dir);
        manifest = CampaignManifest.of(outputs, ReportFixtures.results(outputs, REASON));
    }

    @Test
    void oneRowPerOutputWithItsResultOrPending() {
        assertThat(manifest.rows()).hasSize(6);
        assertThat(manifest.rows()).extracting(ManifestRow::status)
                .containsExactly("SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "PENDING", "FAILED");
        ManifestRow video = manifest.rows().stream().filter(r -> r.isVideo() && r.status().equals("SUCCEEDED"))
                .findFirst().orElseThrow();
        assertThat(video.objectUri()).endsWith("/" + video.requestId() + "/video.mp4");
        assertThat(video.posterUri()).endsWith("/" + video.requestId() + "/poster.png");
        assertThat(video.moderation()).isEqualTo("ALLOW");
        assertThat(video.deviceSeconds()).isGreaterThanOrEqualTo(1.5);
        ManifestRow pending = manifest.rows().get(4);
        assertThat(pending.seed()).isEqualTo(outputs.get(4).seed());
        assertThat(pending.objectUri()).isNull();
        assertThat(manifest.rows().get(5).errorReason()).isEqualTo("ENCODE_FAILED: " + REASON);
    }

    @Test
    void csvParsesBackCellForCellWithFormulasNeutralised() {
        List<List<String>> table = parseCsv(manifest.toCsv());
        assertThat(table).hasSize(7);
        List<String> header = table.get(0);
        assertThat(header).contains("variable.product", "status", "sha256", "error_reason");
        assertThat(table).allSatisfy(row -> assertThat(row).hasSameSizeAs(header));

        List<String> products = table.subList(1, 7).stream().map(r -> r.get(header.indexOf("variable.product"))).toList();
        assertThat(products).contains("'" + ReportFixtures.FORMULA, ReportFixtures.MARKUP, "a jug");
        assertThat(table.get(6).get(header.indexOf("error_reason"))).isEqualTo("ENCODE_FAILED: " + REASON);
        assertThat(table.get(5).get(header.indexOf("object_uri"))).isEmpty();
        // numbers stay numbers, even negative ones: only text is neutralised
        assertThat(table.get(1).get(header.indexOf("seed"))).isEqualTo(Long.toString(outputs.get(0).seed()));
        assertThat(table.subList(1, 7)).allSatisfy(row -> assertThat(row).noneMatch(cell -> cell.matches("^[=+@\t].*")));
    }

    @Test
    void jsonKeepsValuesAsTheyAre() throws IOException {
        JsonNode json = new ObjectMapper().readTree(manifest.toJson());
        assertThat(json).hasSize(6);
        assertThat(json.get(0).get("variables").get("product").asText()).isIn(ReportFixtures.FORMULA,
                ReportFixtures.MARKUP, "a jug");
        assertThat(json.get(5).get("error_reason").asText()).isEqualTo("ENCODE_FAILED: " + REASON);
        assertThat(json.get(4).get("object_uri").isNull()).isTrue();
        assertThat(json.get(0).get("device_seconds").asDouble()).isEqualTo(1.5);
    }

    @Test
    void csvFieldQuotesOnlyWhenNeeded() {
        assertThat(CsvField.text("plain")).isEqualTo("plain");
        assertThat(CsvField.text(null)).isEmpty();
        assertThat(CsvField.text("-1+1")).isEqualTo("'-1+1");
        assertThat(CsvField.text("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(CsvField.text("a,\"b\"")).isEqualTo("\"a,\"\"b\"\"\"");
    }

    /** An RFC 4180 reader whose fields may span lines: the reader a spreadsheet uses. */
    private static List<List<String>> parseCsv(String csv) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                field.append(c);
            }
        }
        assertThat(field).isEmpty();
        assertThat(row).isEmpty();
        return rows;
    }
}

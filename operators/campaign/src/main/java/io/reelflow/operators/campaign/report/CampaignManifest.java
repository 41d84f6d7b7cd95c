package io.reelflow.operators.campaign.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reelflow.operators.campaign.run.CampaignLedger;
import io.reelflow.operators.campaign.run.LedgerRecord;
import io.reelflow.operators.campaign.spec.PlannedOutput;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.OutputAsset;
import io.reelflow.schema.OutputRole;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One row per planned output of a campaign with its result, in the plan's order; written as CSV (for spreadsheets)
 * and JSON (for tools). An output without a result yet is {@link #PENDING}.
 */
public final class CampaignManifest {

    /** The status of an output with no result yet. */
    public static final String PENDING = "PENDING";
    /** The status of an output the campaign's budget left out; its reason says so. */
    public static final String NOT_RUN = "NOT_RUN";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> COLUMNS = List.of("key", "template", "variant", "format", "output", "status",
            "seed", "request_id", "object_uri", "content_type", "poster_uri", "sha256", "watermark_id", "moderation",
            "device_seconds", "error_reason");
    /** Prefix of the variable columns: {@code variable.product}. */
    static final String VARIABLE_COLUMN = "variable.";

    private final List<ManifestRow> rows;

    private CampaignManifest(List<ManifestRow> rows) {
        this.rows = List.copyOf(rows);
    }

    /** The outputs in plan order, each with its result if {@code results} has one (any result of other requests is ignored). */
    public static CampaignManifest of(List<PlannedOutput> outputs, Collection<GenerationResult> results) {
        Map<String, GenerationResult> byRequest = results.stream()
                .collect(Collectors.toMap(GenerationResult::getRequestId, Function.identity(), (a, b) -> b));
        List<ManifestRow> rows = new ArrayList<>();
        for (PlannedOutput output : outputs) {
            GenerationResult result = byRequest.get(output.requestId());
            rows.add(row(output, result, result == null ? PENDING : result.getStatus().name()));
        }
        return new CampaignManifest(rows);
    }

    /**
     * The outputs in plan order as a run left them: an output that exists has its record (a held one is
     * {@value CampaignLedger#HELD}, with the objects approval would publish); one the budget left out this run is
     * {@link #NOT_RUN} with the reason; otherwise its latest record (a failure), or {@link #PENDING} if it has none.
     */
    public static CampaignManifest of(List<PlannedOutput> outputs, Map<String, LedgerRecord> ledger,
            Map<String, String> leftOut) {
        // rows name the request that produced the record, which is a retry's own id when it is one
        List<ManifestRow> rows = new ArrayList<>();
        for (PlannedOutput output : outputs) {
            LedgerRecord record = ledger.get(output.requestId());
            String reason = leftOut.get(output.requestId());
            if (record != null && (record.done() || reason == null)) {
                rows.add(row(output, record.result(), record.status()));
            } else if (reason != null) {
                rows.add(new ManifestRow(output.key(), output.variables(), output.format(), output.requestId(), NOT_RUN,
                        output.seed(), null, null, null, null, null, null, null, reason));
            } else {
                rows.add(row(output, null, PENDING));
            }
        }
        return new CampaignManifest(rows);
    }

    public List<ManifestRow> rows() {
        return rows;
    }

    private static ManifestRow row(PlannedOutput output, GenerationResult result, String status) {
        if (result == null) {
            return new ManifestRow(output.key(), output.variables(), output.format(), output.requestId(), PENDING,
                    output.seed(), null, null, null, null, null, null, null, null);
        }
        Optional<OutputAsset> primary = asset(result, OutputRole.PRIMARY);
        String reason = result.getErrorCode() == null ? null
                : result.getErrorCode() + (result.getErrorMessage() == null ? "" : ": " + result.getErrorMessage());
        return new ManifestRow(
                output.key(),
                output.variables(),
                output.format(),
                result.getRequestId(),
                status,
                result.getSeed() != null ? result.getSeed() : output.seed(),
                primary.map(OutputAsset::getUri).orElse(null),
                primary.map(OutputAsset::getContentType).orElse(null),
                asset(result, OutputRole.POSTER).map(OutputAsset::getUri).orElse(null),
                primary.map(OutputAsset::getSha256).orElse(null),
                result.getWatermarkId(),
                result.getModeration() == null ? null : result.getModeration().getDecision().name(),
                LedgerRecord.deviceSeconds(result),
                reason);
    }

    private static Optional<OutputAsset> asset(GenerationResult result, OutputRole role) {
        return result.getAssets().stream().filter(a -> a.getRole() == role).findFirst();
    }

    /** RFC 4180 CSV with a header line, CRLF line ends; one column per variable any output uses. */
    public String toCsv() {
        List<String> variables = List.copyOf(variableNames());
        StringBuilder csv = new StringBuilder();
        List<String> header = new ArrayList<>(COLUMNS.subList(0, 4));
        variables.forEach(v -> header.add(VARIABLE_COLUMN + v));
        header.addAll(COLUMNS.subList(4, COLUMNS.size()));
        line(csv, header.stream().map(CsvField::text).toList());
        for (ManifestRow row : rows) {
            List<String> cells = new ArrayList<>();
            cells.add(CsvField.text(row.key().path()));
            cells.add(CsvField.text(row.key().template()));
            cells.add(CsvField.text(row.key().variant()));
            cells.add(CsvField.text(row.key().format()));
            variables.forEach(v -> cells.add(CsvField.text(row.variables().get(v))));
            cells.add(CsvField.text(row.format().describe()));
            cells.add(CsvField.text(row.status()));
            cells.add(Long.toString(row.seed()));
            cells.add(CsvField.text(row.requestId()));
            cells.add(CsvField.text(row.objectUri()));
            cells.add(CsvField.text(row.contentType()));
            cells.add(CsvField.text(row.posterUri()));
            cells.add(CsvField.text(row.sha256()));
            cells.add(CsvField.text(row.watermarkId()));
            cells.add(CsvField.text(row.moderation()));
            cells.add(row.deviceSeconds() == null ? "" : Double.toString(row.deviceSeconds()));
            cells.add(CsvField.text(row.errorReason()));
            line(csv, cells);
        }
        return csv.toString();
    }

    private static void line(StringBuilder csv, List<String> cells) {
        csv.append(String.join(",", cells)).append("\r\n");
    }

    private TreeSet<String> variableNames() {
        TreeSet<String> names = new TreeSet<>();
        rows.forEach(r -> names.addAll(r.variables().keySet()));
        return names;
    }

    /** A JSON array of rows; absent values are null, strings are as they are (JSON needs no neutralising). */
    public String toJson() {
        ArrayNode array = JSON.createArrayNode();
        for (ManifestRow row : rows) {
            ObjectNode o = array.addObject();
            o.put("key", row.key().path());
            o.put("template", row.key().template());
            o.put("variant", row.key().variant());
            o.put("format", row.key().format());
            ObjectNode vars = o.putObject("variables");
            row.variables().forEach(vars::put);
            o.put("output", row.format().describe());
            o.put("status", row.status());
            o.put("seed", row.seed());
            o.put("request_id", row.requestId());
            o.put("object_uri", row.objectUri());
            o.put("content_type", row.contentType());
            o.put("poster_uri", row.posterUri());
            o.put("sha256", row.sha256());
            o.put("watermark_id", row.watermarkId());
            o.put("moderation", row.moderation());
            o.put("device_seconds", row.deviceSeconds());
            o.put("error_reason", row.errorReason());
        }
        return array.toPrettyString();
    }
}

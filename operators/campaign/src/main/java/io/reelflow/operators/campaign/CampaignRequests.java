package io.reelflow.operators.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reelflow.operators.campaign.internal.CsvLine;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.RawRequest;
import io.reelflow.pipeline.Rejection;
import io.reelflow.pipeline.SourceRef;
import io.reelflow.schema.GenerationRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Turns campaign rows into request payloads: the campaign defaults, overridden by the row, with the campaign's tenant
 * and id, priority LOW unless set, and request id {@code <campaign>-<line>} unless the row sets one (so a re-run of the
 * same file makes the same ids). The payload is JSON, decoded and validated by the same decode stage as Kafka
 * requests; only rows that are not even a JSON object or CSV are refused here.
 */
public final class CampaignRequests {

    /** A row made into a request payload, or refused with the row's own bytes. */
    public sealed interface Outcome {}

    public record Converted(RawRequest request) implements Outcome {}

    public record Refused(RawRequest row, GenerationRequest partial, Rejection why) implements Outcome {}

    private final CampaignSpec spec;
    private final List<String> csvHeader;
    private final long submittedAtMillis;

    public CampaignRequests(CampaignSpec spec, List<String> csvHeader, Instant submittedAt) {
        this.spec = spec;
        this.csvHeader = List.copyOf(csvHeader);
        this.submittedAtMillis = submittedAt.toEpochMilli();
    }

    public Outcome convert(CampaignRow row) {
        SourceRef source = new SourceRef(spec.sourceTopic(), 0, row.line());
        String defaultId = spec.campaignId() + "-" + row.line();
        try {
            ObjectNode fields = spec.format() == CampaignFormat.CSV ? csvFields(row.text()) : jsonFields(row.text());
            ObjectNode request = merge(spec.defaults(), fields);
            request.put("tenant_id", spec.tenantId());
            request.put("campaign_id", spec.campaignId());
            if (!request.hasNonNull("request_id")) {
                request.put("request_id", defaultId);
            }
            if (!request.has("submitted_at")) {
                request.put("submitted_at", submittedAtMillis);
            }
            if (!request.has("priority")) {
                request.put("priority", "LOW");
            }
            byte[] payload = CampaignSpec.JSON.writeValueAsBytes(request);
            return new Converted(new RawRequest(payload, source, System.currentTimeMillis()));
        } catch (IllegalArgumentException | IOException e) {
            GenerationRequest partial = new GenerationRequest();
            partial.setRequestId(defaultId);
            partial.setTenantId(spec.tenantId());
            partial.setCampaignId(spec.campaignId());
            RawRequest original = new RawRequest(
                    row.text().getBytes(StandardCharsets.UTF_8), source, System.currentTimeMillis());
            return new Refused(original, partial, Rejection.of(ErrorCode.MALFORMED_PAYLOAD,
                    "campaign row " + row.line() + ": " + e.getMessage()));
        }
    }

    private static ObjectNode jsonFields(String text) throws IOException {
        JsonNode node = CampaignSpec.JSON.readTree(text);
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return (ObjectNode) node;
    }

    private ObjectNode csvFields(String text) {
        List<String> cells = CsvLine.split(text);
        if (cells.size() != csvHeader.size()) {
            throw new IllegalArgumentException(
                    "has " + cells.size() + " cells but the header has " + csvHeader.size() + " columns");
        }
        ObjectNode fields = CampaignSpec.JSON.createObjectNode();
        for (int i = 0; i < cells.size(); i++) {
            String column = csvHeader.get(i);
            String cell = cells.get(i);
            if (cell.isEmpty()) {
                continue;
            }
            if (column.startsWith("label.")) {
                fields.withObject("/labels").put(column.substring("label.".length()), cell);
            } else {
                fields.set(column, CsvCell.toJson(GenerationRequest.getClassSchema().getField(column), cell));
            }
        }
        return fields;
    }

    /** Row fields replace defaults, except labels, which are merged. */
    private static ObjectNode merge(ObjectNode defaults, ObjectNode row) {
        ObjectNode merged = defaults.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("labels") && field.getValue().isObject() && merged.path("labels").isObject()) {
                ((ObjectNode) merged.get("labels")).setAll((ObjectNode) field.getValue());
            } else {
                merged.set(field.getKey(), field.getValue());
            }
        }
        return merged;
    }
}

package io.reelflow.operators.campaign;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.OutputAsset;
import io.reelflow.schema.ResultStatus;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a finished campaign produced: counts by status and, per request, its status, reason and object URIs. Stored
 * as JSON at {@code {tenant}/campaigns/{campaign}/summary.json} next to the outputs.
 */
public final class CampaignSummary {

    private final CampaignSpec spec;
    private final Map<String, GenerationResult> byRequest = new TreeMap<>();

    public CampaignSummary(CampaignSpec spec) {
        this.spec = spec;
    }

    public void add(GenerationResult result) {
        byRequest.put(result.getRequestId(), result);
    }

    public Map<ResultStatus, Long> counts() {
        Map<ResultStatus, Long> counts = new EnumMap<>(ResultStatus.class);
        for (ResultStatus status : ResultStatus.values()) {
            counts.put(status, 0L);
        }
        byRequest.values().forEach(r -> counts.merge(r.getStatus(), 1L, Long::sum));
        return counts;
    }

    /** Object key of the summary under the output bucket. */
    public String objectKey() {
        return spec.tenantId() + "/campaigns/" + spec.campaignId() + "/summary.json";
    }

    public String toJson(Instant completedAt) {
        ObjectNode root = CampaignSpec.JSON.createObjectNode();
        root.put("campaign_id", spec.campaignId());
        root.put("tenant_id", spec.tenantId());
        root.put("file", spec.fileName());
        root.put("completed_at", completedAt.toString());
        root.put("requests_total", byRequest.size());
        ObjectNode counts = root.putObject("counts");
        counts().forEach((status, n) -> counts.put(status.name(), n));
        ArrayNode requests = root.putArray("requests");
        for (GenerationResult r : byRequest.values()) {
            ObjectNode entry = requests.addObject();
            entry.put("request_id", r.getRequestId());
            entry.put("status", r.getStatus().name());
            if (r.getErrorCode() != null) {
                entry.put("error_code", r.getErrorCode());
                entry.put("error_message", r.getErrorMessage());
            }
            ArrayNode uris = entry.putArray("assets");
            sorted(r.getAssets()).forEach(a -> uris.add(a.getUri()));
        }
        return root.toPrettyString();
    }

    private static List<OutputAsset> sorted(List<OutputAsset> assets) {
        return assets.stream().sorted(Comparator.comparing(OutputAsset::getRole)).toList();
    }
}

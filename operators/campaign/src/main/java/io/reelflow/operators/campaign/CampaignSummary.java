package io.reelflow.operators.campaign;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reelflow.operators.campaign.run.CampaignLedger;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.OutputAsset;
import io.reelflow.schema.ResultStatus;
import io.reelflow.schema.ReviewTask;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a finished campaign produced: counts by status and, per request, its status, reason and object URIs; requests
 * held for review (no result until a reviewer decides) count as HELD_FOR_REVIEW with their quarantined objects. Stored
 * as JSON at {@code {tenant}/campaigns/{campaign}/summary.json} next to the outputs.
 */
public final class CampaignSummary {

    private final CampaignSpec spec;
    /** The status a held request has in the summary. */
    public static final String HELD = CampaignLedger.HELD;

    private final Map<String, GenerationResult> byRequest = new TreeMap<>();
    private final Map<String, ReviewTask> held = new TreeMap<>();

    public CampaignSummary(CampaignSpec spec) {
        this.spec = spec;
    }

    public void add(GenerationResult result) {
        byRequest.put(result.getRequestId(), result);
        held.remove(result.getRequestId()); // a reviewer decided during the run
    }

    /** A request held for review; a result for it, if one arrives, wins. */
    public void hold(ReviewTask task) {
        if (!byRequest.containsKey(task.getRequestId())) {
            held.put(task.getRequestId(), task);
        }
    }

    public int heldForReview() {
        return held.size();
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
        root.put("requests_total", byRequest.size() + held.size());
        ObjectNode counts = root.putObject("counts");
        counts().forEach((status, n) -> counts.put(status.name(), n));
        counts.put(HELD, held.size());
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
        for (ReviewTask task : held.values()) {
            ObjectNode entry = requests.addObject();
            entry.put("request_id", task.getRequestId());
            entry.put("status", HELD);
            ArrayNode uris = entry.putArray("quarantined");
            task.getQuarantined().forEach(uris::add);
        }
        return root.toPrettyString();
    }

    private static List<OutputAsset> sorted(List<OutputAsset> assets) {
        return assets.stream().sorted(Comparator.comparing(OutputAsset::getRole)).toList();
    }
}

package io.reelflow.operators.decode.internal;

import io.reelflow.config.LimitsConfig;
import io.reelflow.schema.GenerationRequest;
import java.util.Map;

/** The identifying fields of a refused request that are safe to copy into its result, event and dead letter. */
public final class Correlation {

    private Correlation() {}

    /** A holder with the valid identifying fields of {@code request}; null if it has none. */
    public static GenerationRequest of(GenerationRequest request, LimitsConfig limits) {
        if (request == null) {
            return null;
        }
        GenerationRequest ids = new GenerationRequest(); // setters only: not a complete, writable record
        ids.setRequestId(TextRules.isRequestId(request.getRequestId()) ? request.getRequestId() : null);
        ids.setTenantId(TextRules.isTenantId(request.getTenantId()) ? request.getTenantId() : null);
        ids.setCampaignId(TextRules.isRequestId(request.getCampaignId()) ? request.getCampaignId() : null);
        ids.setLabels(safeLabels(request.getLabels(), limits) ? request.getLabels() : Map.of());
        return ids.getRequestId() == null && ids.getTenantId() == null ? null : ids;
    }

    private static boolean safeLabels(Map<String, String> labels, LimitsConfig limits) {
        if (labels == null || labels.size() > limits.maxLabels()) {
            return false;
        }
        for (Map.Entry<String, String> e : labels.entrySet()) {
            for (String s : new String[] {e.getKey(), e.getValue()}) {
                if (s == null || TextRules.length(s) > limits.maxLabelChars() || TextRules.unsafeCharacter(s) != null) {
                    return false;
                }
            }
        }
        return true;
    }
}

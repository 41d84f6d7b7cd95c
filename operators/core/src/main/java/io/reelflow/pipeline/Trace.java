package io.reelflow.pipeline;

import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.ModelInfo;
import io.reelflow.schema.ModerationDecision;
import io.reelflow.schema.ModerationVerdict;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An accepted request and everything its result will report, gathered as it moves through the chain. Immutable: each
 * stage returns a new trace with what it learned.
 *
 * @param moderation every moderation gate's verdict so far, merged (the strictest decision, all findings and checks)
 * @param seed the seed sampling used, once generated
 * @param model the model that sampled, once generated
 * @param watermarkId 16 hex digits, once watermarked
 * @param timingsMs milliseconds per stage (a LinkedHashMap: Flink's Kryo fallback cannot rebuild immutable maps)
 * @param checkedInputs the SHA-256 of each input asset's bytes (by URI) as the input gate checked them, so generation
 *     can refuse an object replaced since (a LinkedHashMap, as timingsMs)
 */
public record Trace(
        GenerationRequest request,
        SourceRef source,
        long acceptedAtMillis,
        ModerationVerdict moderation,
        Long seed,
        ModelInfo model,
        String watermarkId,
        Map<String, Long> timingsMs,
        Map<String, String> checkedInputs)
        implements Serializable {

    public static Trace accepted(GenerationRequest request, SourceRef source, long acceptedAtMillis) {
        return new Trace(request, source, acceptedAtMillis, null, null, null, null, new LinkedHashMap<>(),
                new LinkedHashMap<>());
    }

    public String requestId() {
        return request.getRequestId();
    }

    public String tenantId() {
        return request.getTenantId();
    }

    /** True if a gate sent the request to review: its outputs go to quarantine until a reviewer decides. */
    public boolean heldForReview() {
        return moderation != null && moderation.getDecision() == ModerationDecision.REVIEW;
    }

    public Trace withModeration(ModerationVerdict verdict) {
        return new Trace(request, source, acceptedAtMillis, verdict, seed, model, watermarkId, timingsMs,
                checkedInputs);
    }

    public Trace withGeneration(long usedSeed, ModelInfo usedModel) {
        return new Trace(request, source, acceptedAtMillis, moderation, usedSeed, usedModel, watermarkId, timingsMs,
                checkedInputs);
    }

    public Trace withWatermarkId(String id) {
        return new Trace(request, source, acceptedAtMillis, moderation, seed, model, id, timingsMs, checkedInputs);
    }

    /** Records the SHA-256 of the input assets the input gate checked, by URI. */
    public Trace withCheckedInputs(Map<String, String> sha256ByUri) {
        return new Trace(request, source, acceptedAtMillis, moderation, seed, model, watermarkId, timingsMs,
                new LinkedHashMap<>(sha256ByUri));
    }

    /** Records how long {@code stage} took. */
    public Trace timed(String stage, long millis) {
        Map<String, Long> timings = new LinkedHashMap<>(timingsMs);
        timings.put(stage, millis);
        return new Trace(request, source, acceptedAtMillis, moderation, seed, model, watermarkId, timings,
                checkedInputs);
    }
}

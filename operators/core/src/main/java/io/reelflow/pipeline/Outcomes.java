package io.reelflow.pipeline;

import io.reelflow.schema.DeadLetter;
import io.reelflow.schema.EventType;
import io.reelflow.schema.GenerationEvent;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ModerationAudit;
import io.reelflow.schema.ModerationGate;
import io.reelflow.schema.ModerationVerdict;
import io.reelflow.schema.OutputAsset;
import io.reelflow.schema.ResultStatus;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Builds the records a stage emits: results, lifecycle events, dead letters and moderation audits. One place, so
 * they agree.
 */
public final class Outcomes {

    private Outcomes() {}

    public static GenerationResult succeeded(Trace trace, List<OutputAsset> assets, Instant now) {
        return base(trace, ResultStatus.SUCCEEDED, now).setAssets(assets).build();
    }

    /** A request that was accepted but then refused (moderation) or could not finish. */
    public static GenerationResult ended(Trace trace, ResultStatus status, Rejection why, Instant now) {
        return base(trace, status, now)
                .setErrorCode(why.code().name())
                .setErrorMessage(why.message())
                .build();
    }

    /**
     * A request refused before it was accepted; {@code request} is whatever could be decoded (may be null), so the
     * client can still correlate the result by id.
     */
    public static GenerationResult rejected(GenerationRequest request, Rejection why, Instant now) {
        return GenerationResult.newBuilder()
                .setRequestId(request == null || request.getRequestId() == null ? "" : request.getRequestId())
                .setTenantId(request == null || request.getTenantId() == null ? "" : request.getTenantId())
                .setCampaignId(request == null ? null : request.getCampaignId())
                .setStatus(ResultStatus.REJECTED)
                .setErrorCode(why.code().name())
                .setErrorMessage(why.message())
                .setLabels(request == null || request.getLabels() == null ? Map.of() : request.getLabels())
                .setCompletedAt(now)
                .build();
    }

    public static GenerationEvent event(Trace trace, EventType type, Long stageMillis, String message, Instant now) {
        return event(trace.request(), type, stageMillis, message, now);
    }

    public static GenerationEvent event(
            GenerationRequest request, EventType type, Long stageMillis, String message, Instant now) {
        return GenerationEvent.newBuilder()
                .setRequestId(request == null || request.getRequestId() == null ? "" : request.getRequestId())
                .setTenantId(request == null || request.getTenantId() == null ? "" : request.getTenantId())
                .setCampaignId(request == null ? null : request.getCampaignId())
                .setType(type)
                .setAt(now)
                .setStageMs(stageMillis)
                .setMessage(message)
                .build();
    }

    /** The final event that goes with a result of {@code status}. */
    public static EventType eventType(ResultStatus status) {
        return switch (status) {
            case SUCCEEDED -> EventType.COMPLETED;
            case REJECTED -> EventType.REJECTED;
            case FAILED -> EventType.FAILED;
            case EXPIRED -> EventType.EXPIRED;
            case CANCELED -> EventType.CANCELED;
        };
    }

    public static GenerationEvent progress(Trace trace, int step, int totalSteps, Instant now) {
        return GenerationEvent.newBuilder(event(trace, EventType.SAMPLING, null, null, now))
                .setStep(step)
                .setTotalSteps(totalSteps)
                .build();
    }

    /** What one moderation gate decided about a request; {@code verdict} is that gate's alone. */
    public static ModerationAudit audit(
            Trace trace, ModerationGate gate, ModerationVerdict verdict, String subject, Instant now) {
        GenerationRequest request = trace.request();
        return ModerationAudit.newBuilder()
                .setRequestId(request.getRequestId())
                .setTenantId(request.getTenantId())
                .setCampaignId(request.getCampaignId())
                .setGate(gate)
                .setVerdict(verdict)
                .setSubject(subject)
                .setDecidedAt(now)
                .build();
    }

    public static DeadLetter deadLetter(RawRequest raw, GenerationRequest partial, Rejection why, Instant now) {
        return DeadLetter.newBuilder()
                .setPayload(ByteBuffer.wrap(raw.payload()))
                .setSourceTopic(raw.source().topic())
                .setSourcePartition(raw.source().partition())
                .setSourceOffset(raw.source().offset())
                .setRequestId(partial == null ? null : partial.getRequestId())
                .setTenantId(partial == null ? null : partial.getTenantId())
                .setErrorCode(why.code().name())
                .setErrorMessage(why.message())
                .setFailedAt(now)
                .build();
    }

    private static GenerationResult.Builder base(Trace trace, ResultStatus status, Instant now) {
        GenerationRequest request = trace.request();
        return GenerationResult.newBuilder()
                .setRequestId(request.getRequestId())
                .setTenantId(request.getTenantId())
                .setCampaignId(request.getCampaignId())
                .setStatus(status)
                .setSeed(trace.seed())
                .setModel(trace.model())
                .setModeration(trace.moderation())
                .setWatermarkId(trace.watermarkId())
                .setTimingsMs(trace.timingsMs())
                .setLabels(request.getLabels())
                .setCompletedAt(now);
    }
}

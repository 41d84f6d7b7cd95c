package io.reelflow.operators.store;

import io.reelflow.pipeline.Encoded;
import io.reelflow.pipeline.EncodedFile;
import io.reelflow.pipeline.SourceRef;
import io.reelflow.pipeline.Trace;
import io.reelflow.schema.GenerationMode;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.ModelInfo;
import io.reelflow.schema.OutputRole;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Encoded outputs of made-up requests, as the encode stage would hand them over. */
public final class TestEncoded {

    private TestEncoded() {}

    public static Trace trace(String tenantId, String requestId) {
        GenerationRequest request = GenerationRequest.newBuilder()
                .setRequestId(requestId)
                .setTenantId(tenantId)
                .setSubmittedAt(Instant.parse("2026-11-24T10:00:00Z"))
                .setMode(GenerationMode.TEXT_TO_VIDEO)
                .setPrompt("a lighthouse at dusk")
                .setWidth(320)
                .setHeight(180)
                .setDurationSeconds(2.0)
                .setFps(12)
                .setLabels(Map.of("campaign", "autumn"))
                .build();
        return Trace.accepted(request, new SourceRef("reelflow.requests", 0, 42), 1_000L)
                .withGeneration(7L, ModelInfo.newBuilder().setId("reelflow-dit-xs").setTrained(false).build())
                .withWatermarkId("00112233aabbccdd")
                .timed("encode", 5);
    }

    /** A video with its poster; the bytes differ per {@code variant}, so replays can be told apart. */
    public static Encoded video(String tenantId, String requestId, String variant) {
        return new Encoded(trace(tenantId, requestId), List.of(
                file("video.mp4", OutputRole.PRIMARY, "video/mp4", "mp4 bytes " + variant, 24, 2.0),
                file("poster.png", OutputRole.POSTER, "image/png", "png bytes " + variant, 1, 0.0)));
    }

    public static EncodedFile file(
            String name, OutputRole role, String contentType, String content, int frames, double seconds) {
        return new EncodedFile(name, role, contentType, content.getBytes(StandardCharsets.UTF_8), 320, 180, frames,
                seconds);
    }
}

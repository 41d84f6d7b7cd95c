package io.reelflow.operators.watermark;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.config.TenantsConfig;
import io.reelflow.config.WatermarkConfig;
import io.reelflow.pipeline.Clip;
import io.reelflow.pipeline.Frames;
import io.reelflow.pipeline.SourceRef;
import io.reelflow.pipeline.Trace;
import io.reelflow.schema.GenerationMode;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.MarkPosition;
import io.reelflow.schema.VisibleMark;
import java.time.Instant;
import java.util.List;

/** Requests, clips and configuration for engine and adapter tests. */
public final class TestClips {

    public static final String SECRET = "test-watermark-secret";

    private TestClips() {}

    public static GenerationRequest.Builder request(String tenant, String requestId, int width, int height) {
        return GenerationRequest.newBuilder()
                .setRequestId(requestId)
                .setTenantId(tenant)
                .setSubmittedAt(Instant.parse("2026-11-24T12:00:00Z"))
                .setMode(GenerationMode.TEXT_TO_VIDEO)
                .setPrompt("a lighthouse at dusk")
                .setWidth(width)
                .setHeight(height);
    }

    public static VisibleMark mark(String text, MarkPosition position) {
        return VisibleMark.newBuilder().setText(text).setPosition(position).setOpacity(0.6).setScale(0.2).build();
    }

    /** A natural-looking clip at 144x80, 8 fps (or a 128x128 image when {@code count} is 1 and fps 0). */
    public static Clip clip(GenerationRequest request, int width, int height, int count, double fps) {
        Frames frames = SyntheticFrames.video(SyntheticFrames.Kind.NATURAL, width, height, count, request.getRequestId().hashCode());
        return new Clip(Trace.accepted(request, new SourceRef("reelflow.requests", 0, 7), 0L), frames, fps, null);
    }

    public static WatermarkConfig watermarkConfig() {
        return new WatermarkConfig(SECRET, 1.0);
    }

    public static TenantsConfig tenants(TenantsConfig.VisibleMarkDefaults acmeDefault) {
        return new TenantsConfig(List.of(
                new TenantsConfig.Tenant("demo", List.of(), null, null, null),
                new TenantsConfig.Tenant("acme", List.of(), acmeDefault, null, null)));
    }

    /** The documented defaults with this test's secret and tenants. */
    public static ReelflowConfig config(TenantsConfig tenants) {
        ReelflowConfig d = ReelflowConfig.defaults();
        return new ReelflowConfig(d.kafka(), d.storage(), d.limits(), tenants, d.moderation(), d.generation(),
                watermarkConfig(), d.encode(), d.provenance(), d.pipeline(), d.local());
    }
}

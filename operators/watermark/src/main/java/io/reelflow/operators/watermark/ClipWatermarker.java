package io.reelflow.operators.watermark;

import io.reelflow.config.TenantsConfig;
import io.reelflow.config.WatermarkConfig;
import io.reelflow.pipeline.Clip;
import io.reelflow.pipeline.Overlay;
import io.reelflow.pipeline.Trace;
import io.reelflow.schema.GenerationRequest;

/**
 * The watermark stage's engine: embeds the request's watermark id into every frame at native size and attaches the
 * visible mark, if the request or its tenant asks for one, as an overlay at the requested output size.
 */
public final class ClipWatermarker {

    private final WatermarkKey key;
    private final WatermarkEmbedder embedder;
    private final TenantsConfig tenants;

    public ClipWatermarker(WatermarkConfig watermark, TenantsConfig tenants) {
        this.key = WatermarkKey.fromSecret(watermark.secret());
        this.embedder = WatermarkEmbedder.builder().key(key).strength(watermark.strength()).build();
        this.tenants = tenants;
    }

    /** The clip with marked frames, its watermark id in the trace, and its overlay (null when it has no visible mark). */
    public Clip apply(Clip clip) {
        Trace trace = clip.trace();
        String id = key.watermarkId(trace.tenantId(), trace.requestId());
        return clip.withFrames(embedder.embed(clip.frames(), id))
                .withTrace(trace.withWatermarkId(id))
                .withOverlay(overlay(clip));
    }

    private Overlay overlay(Clip clip) {
        GenerationRequest request = clip.trace().request();
        double duration = clip.fps() > 0 ? clip.frames().count() / clip.fps() : 0;
        return VisibleMarkSpec.resolve(request, tenants)
                .map(spec -> OverlayBuilder.from(spec)
                        .outputSize(request.getWidth(), request.getHeight())
                        .durationSeconds(duration)
                        .build())
                .orElse(null);
    }
}

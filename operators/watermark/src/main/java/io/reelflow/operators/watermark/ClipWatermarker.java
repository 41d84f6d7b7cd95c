package io.reelflow.operators.watermark;

import io.reelflow.config.TenantsConfig;
import io.reelflow.config.WatermarkConfig;
import io.reelflow.operators.watermark.internal.Quality;
import io.reelflow.pipeline.Clip;
import io.reelflow.pipeline.FrameScaler;
import io.reelflow.pipeline.Frames;
import io.reelflow.pipeline.Overlay;
import io.reelflow.pipeline.Trace;
import io.reelflow.schema.GenerationRequest;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The watermark stage's engine: embeds the request's watermark id into every frame (enlarged first if the model's
 * native frames are too small to carry it) and attaches the visible mark, if the request or its tenant asks for one, as an overlay at the requested output size.
 *
 * <p>Every output must carry a mark the detector reads, so strength adapts to the content: it starts at
 * {@code watermark.strength} (PSNR >= 40 dB on natural content) and steps up only while the detector cannot read the
 * id back at native size with a margin of correctable errors left for scaling and compression. Busy, noise-like
 * content needs (and masks) a stronger mark; content that cannot carry one even at the cap fails the request rather
 * than leaving the output unmarked.
 */
public final class ClipWatermarker {

    /** Short side frames are marked at, at least (or the output's, if smaller): the 64x64 grid needs two pixels per cell and some to spare. */
    static final int MIN_SHORT_SIDE = 144;

    /** Multiples of the configured strength tried in turn, capped at {@link #MAX_STRENGTH}. */
    private static final double[] STEPS = {1, 2, 3, 4, 6, 8, 10};
    private static final double MAX_STRENGTH = 10;
    /** Corrected code-bit errors allowed at native size (of 16 a verifier's detector accepts at its default threshold,
     * which also searches crops): the rest is left for scaling and compression on the output path. */
    private static final int MARGIN_ERRORS = 12;
    /**
     * Content that needed more than the configured strength is busy, and busy content loses more bits on the way out
     * (clipped Lanczos ringing, H.264 spending its bits on texture), so an escalated mark must read back cleaner.
     */
    private static final int BUSY_MARGIN_ERRORS = 4;

    /** A marked clip, the strength its content needed, and the PSNR of the marked frames against the unmarked. */
    public record Marked(Clip clip, double strength, double psnrDb) {}

    /** One rung of the strength ladder, its embedder built once (the keyed layout is not free). */
    private record Step(double strength, WatermarkEmbedder embedder, int margin) {}

    /** One key's ladder and read-back check. */
    private record Keyed(WatermarkKey key, List<Step> ladder, WatermarkDetector detector) {}

    private final WatermarkKeys keys;
    private final Map<WatermarkKey, Keyed> keyed = new IdentityHashMap<>();
    private final TenantsConfig tenants;
    private final Map<String, Logo> logos;
    private final RequestLogos requestLogos;

    /** A watermarker that refuses requests' own logos (a tool without an object store). */
    public ClipWatermarker(WatermarkConfig watermark, TenantsConfig tenants) {
        this(watermark, tenants, RequestLogos.none());
    }

    /** {@code requestLogos}: where requests' own logos are read; the caller closes it. */
    public ClipWatermarker(WatermarkConfig watermark, TenantsConfig tenants, RequestLogos requestLogos) {
        this.requestLogos = requestLogos;
        this.keys = WatermarkKeys.of(watermark, tenants);
        for (WatermarkKey key : keys.all().values()) {
            keyed.put(key, keyed(key, watermark.strength()));
        }
        this.tenants = tenants;
        this.logos = VisibleMarkSpec.logos(tenants);
    }

    private static Keyed keyed(WatermarkKey key, double baseStrength) {
        List<Step> ladder = new ArrayList<>();
        for (double step : STEPS) {
            double strength = Math.min(baseStrength * step, MAX_STRENGTH);
            ladder.add(new Step(strength, WatermarkEmbedder.builder().key(key).strength(strength).build(),
                    step == STEPS[0] ? MARGIN_ERRORS : BUSY_MARGIN_ERRORS));
            if (strength >= MAX_STRENGTH) {
                break;
            }
        }
        return new Keyed(key, ladder, WatermarkDetector.builder().key(key).searchCrops(false).build());
    }

    /**
     * The clip with marked frames, its watermark id in the trace, and its overlay (null when it has no visible
     * mark). Throws {@link IllegalStateException} if no strength up to the cap gives a readable mark, and
     * {@link RequestLogos.Unusable} if the request's own logo cannot be used (read before any marking).
     */
    public Marked mark(Clip clip) {
        Overlay overlay = overlay(clip);
        Trace trace = clip.trace();
        Keyed tenantKey = keyed.get(keys.forTenant(trace.tenantId()));
        String id = tenantKey.key().watermarkId(trace.tenantId(), trace.requestId());
        Frames frames = workingSize(clip.frames(), trace.request());
        Detection best = null;
        for (Step step : tenantKey.ladder()) {
            Frames marked = step.embedder().embed(frames, id);
            Detection detection = tenantKey.detector().detect(marked);
            if (detection.detected() && id.equals(detection.watermarkId())
                    && detection.correctedBitErrors() <= step.margin()) {
                Clip result = clip.withFrames(marked).withTrace(trace.withWatermarkId(id)).withOverlay(overlay);
                return new Marked(result, step.strength(), Quality.psnr(frames, marked));
            }
            best = detection;
        }
        throw new IllegalStateException("the content cannot carry a readable watermark even at strength "
                + MAX_STRENGTH + " (" + best.correctedBitErrors() + " code-bit errors before encoding)");
    }

    /**
     * Frames too small to carry the mark's grid (a small model's native frames) are first enlarged, keeping their
     * aspect, until the short side reaches {@link #MIN_SHORT_SIDE} or the output's short side, whichever is less;
     * the encoder scales from there to the output.
     */
    static Frames workingSize(Frames frames, GenerationRequest request) {
        int shortSide = Math.min(frames.width(), frames.height());
        int target = Math.max(shortSide, Math.min(MIN_SHORT_SIDE, Math.min(request.getWidth(), request.getHeight())));
        if (target == shortSide) {
            return frames;
        }
        double scale = target / (double) shortSide;
        return FrameScaler.resize(frames, (int) Math.round(frames.width() * scale),
                (int) Math.round(frames.height() * scale));
    }

    private Overlay overlay(Clip clip) {
        GenerationRequest request = clip.trace().request();
        double duration = clip.fps() > 0 ? clip.frames().count() / clip.fps() : 0;
        return VisibleMarkSpec.resolve(request, tenants, logos, requestLogos)
                .map(spec -> OverlayBuilder.from(spec)
                        .outputSize(request.getWidth(), request.getHeight())
                        .durationSeconds(duration)
                        .build())
                .orElse(null);
    }
}

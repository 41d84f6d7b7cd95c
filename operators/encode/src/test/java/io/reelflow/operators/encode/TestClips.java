package io.reelflow.operators.encode;

import io.reelflow.pipeline.Clip;
import io.reelflow.pipeline.Frames;
import io.reelflow.pipeline.Overlay;
import io.reelflow.pipeline.SourceRef;
import io.reelflow.pipeline.Trace;
import io.reelflow.schema.GenerationMode;
import io.reelflow.schema.GenerationRequest;
import java.time.Instant;

/** Requests, native frames and clips for encoder tests. */
public final class TestClips {

    private TestClips() {}

    public static GenerationRequest.Builder request(GenerationMode mode, int width, int height) {
        return GenerationRequest.newBuilder()
                .setRequestId("req-" + width + "x" + height)
                .setTenantId("demo")
                .setSubmittedAt(Instant.parse("2026-11-24T12:00:00Z"))
                .setMode(mode)
                .setPrompt("a lighthouse at dusk")
                .setWidth(width)
                .setHeight(height);
    }

    public static GenerationRequest image(int width, int height) {
        return request(GenerationMode.TEXT_TO_IMAGE, width, height).build();
    }

    public static GenerationRequest video(int width, int height, int fps, int frames) {
        return request(GenerationMode.TEXT_TO_VIDEO, width, height).setFps(fps).setFrames(frames).build();
    }

    public static Clip clip(GenerationRequest request, Frames frames, double fps, Overlay overlay) {
        Trace trace = Trace.accepted(request, new SourceRef("reelflow.requests", 0, 7L), 0L);
        return new Clip(trace, frames, fps, overlay);
    }

    /**
     * Natural-looking native frames: smooth colour gradients plus a soft bright disc that crosses the frame from left
     * to right over {@code count} frames, so neighbouring frames differ and distant ones differ a lot.
     */
    public static Frames scene(int width, int height, int count) {
        byte[] rgb = new byte[width * height * 3 * count];
        for (int f = 0; f < count; f++) {
            double cx = width * (0.15 + 0.7 * f / Math.max(1, count - 1));
            double cy = height * 0.5;
            double radius = Math.min(width, height) * 0.22;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    double d = Math.hypot(x - cx, y - cy) / radius;
                    double disc = 1.0 / (1.0 + Math.exp((d - 1.0) * 6)); // soft edge
                    int o = ((f * height + y) * width + x) * 3;
                    rgb[o] = clamp(40 + 150.0 * x / width + 60 * disc);
                    rgb[o + 1] = clamp(30 + 120.0 * y / height + 100 * disc);
                    rgb[o + 2] = clamp(160 - 100.0 * (x + y) / (width + height) + 80 * disc);
                }
            }
        }
        return new Frames(width, height, count, rgb);
    }

    /** {@code count} frames, each filled with one grey level from {@code levels}. */
    public static Frames flat(int width, int height, int... levels) {
        byte[] rgb = new byte[width * height * 3 * levels.length];
        for (int f = 0; f < levels.length; f++) {
            java.util.Arrays.fill(rgb, f * width * height * 3, (f + 1) * width * height * 3, (byte) levels[f]);
        }
        return new Frames(width, height, levels.length, rgb);
    }

    /** A solid sprite of one colour and alpha. */
    public static byte[] sprite(int width, int height, int r, int g, int b, int alpha) {
        byte[] rgba = new byte[width * height * 4];
        for (int i = 0; i < width * height; i++) {
            rgba[4 * i] = (byte) r;
            rgba[4 * i + 1] = (byte) g;
            rgba[4 * i + 2] = (byte) b;
            rgba[4 * i + 3] = (byte) alpha;
        }
        return rgba;
    }

    private static byte clamp(double v) {
        return (byte) Math.max(0, Math.min(255, Math.round(v)));
    }
}

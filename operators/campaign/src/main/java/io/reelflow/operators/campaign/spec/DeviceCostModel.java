package io.reelflow.operators.campaign.spec;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.model.ModelManifest;

/**
 * Estimated device time of an output: sampling windows x denoising steps x the measured seconds of one window step
 * ({@code generation.window-step-seconds}; the default is the reference model at batch 1 on this machine's 2 CPU
 * cores, docs/BENCHMARKS.md "Serving: batching gain and pipeline efficiency"). The one place campaign plans and
 * budgets get device time from.
 *
 * <p>Windows are counted as the generate stage plans them: a video of N native frames (its duration at the model's
 * native fps) is sampled in windows of {@code window-frames}, each after the first seeing the previous one's last
 * {@code context-frames}; an image is one window. A window costs the same whatever its frame count, which
 * over-estimates images and short clips (a one-frame window was not measured separately), and sampling in batches is
 * cheaper per request than batch 1; but in a whole run the other stages share the cores. Measured runs here used 1-7 %
 * more than estimated (docs/BENCHMARKS.md, "Campaigns: estimated against measured device time").
 */
public final class DeviceCostModel {

    private final double windowStepSeconds;

    public DeviceCostModel(double windowStepSeconds) {
        if (!(windowStepSeconds > 0) || !Double.isFinite(windowStepSeconds)) {
            throw new IllegalArgumentException("generation.window-step-seconds must be positive, got " + windowStepSeconds);
        }
        this.windowStepSeconds = windowStepSeconds;
    }

    public static DeviceCostModel of(ReelflowConfig config) {
        return new DeviceCostModel(config.generation().windowStepSeconds());
    }

    public double windowStepSeconds() {
        return windowStepSeconds;
    }

    /** One output's sampling work and its device time. */
    public record Estimate(int nativeFrames, int windows, int steps, double deviceSeconds) {}

    public Estimate estimate(FormatSpec format, ModelManifest model) {
        int frames = format.isVideo() ? nativeFrames(model, format.durationSeconds()) : 1;
        // The model's architecture names its window; models without one sample a clip in one pass (GenerationModel).
        int window = Math.min(model.architecture() == null ? model.maxNativeFrames()
                : model.architecture().path("window-frames").asInt(model.maxNativeFrames()), model.maxNativeFrames());
        int context = model.architecture() == null ? 0
                : Math.min(model.architecture().path("context-frames").asInt(0), (window - 1) / 2);
        int windows = frames <= window ? 1 : 1 + ceilDiv(frames - window, window - context);
        return new Estimate(frames, windows, format.steps(), (double) windows * format.steps() * windowStepSeconds);
    }

    /** As the generate stage counts them: duration x native fps, at least one, at most max-native-frames. */
    static int nativeFrames(ModelManifest model, double seconds) {
        long frames = (long) Math.ceil(seconds * model.nativeFps() - 1e-9);
        return (int) Math.max(1, Math.min(model.maxNativeFrames(), frames));
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}

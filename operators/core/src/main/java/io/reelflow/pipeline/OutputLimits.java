package io.reelflow.pipeline;

import static io.reelflow.pipeline.ErrorCode.INVALID_FIELD;
import static io.reelflow.pipeline.ErrorCode.OUT_OF_RANGE;

import io.reelflow.config.LimitsConfig;
import java.util.Optional;

/**
 * The deployment's limits on what one output may be: size, length, frame rate, sampling. The one place these rules
 * live, so the decode stage's request checks and a campaign spec's format checks cannot disagree.
 */
public final class OutputLimits {

    private final LimitsConfig limits;

    public OutputLimits(LimitsConfig limits) {
        this.limits = limits;
    }

    public Optional<Rejection> imageSize(int width, int height) {
        int min = limits.minSide();
        int max = limits.imageMaxSide();
        if (width < min || width > max || height < min || height > max) {
            return reject(OUT_OF_RANGE, "image size " + width + "x" + height + ": width and height must be " + min + "-" + max);
        }
        return Optional.empty();
    }

    public Optional<Rejection> videoSize(int width, int height) {
        String size = width + "x" + height;
        int longSide = Math.max(width, height);
        int shortSide = Math.min(width, height);
        if (shortSide < limits.minSide()) {
            return reject(OUT_OF_RANGE, "video size " + size + ": both sides must be at least " + limits.minSide());
        }
        if (longSide > limits.videoMaxLongSide() || shortSide > limits.videoMaxShortSide()) {
            return reject(OUT_OF_RANGE, "video size " + size + ": at most " + limits.videoMaxLongSide() + " on the long side and "
                    + limits.videoMaxShortSide() + " on the short side (e.g. " + limits.videoMaxLongSide() + "x" + limits.videoMaxShortSide()
                    + " or " + limits.videoMaxShortSide() + "x" + limits.videoMaxLongSide() + ")");
        }
        if (width % 2 != 0 || height % 2 != 0) {
            return reject(INVALID_FIELD, "video size " + size + ": width and height must be even (H.264 with yuv420p)");
        }
        if ((double) longSide / shortSide > limits.videoMaxAspect()) {
            return reject(OUT_OF_RANGE, "video size " + size + ": aspect ratio " + String.format("%.3f", (double) longSide / shortSide)
                    + " exceeds " + limits.videoMaxAspect() + " (16:9 or 9:16 at most)");
        }
        return Optional.empty();
    }

    /** A video's length: exactly one of {@code duration} and {@code frames}, at {@code fps} (null: the default). */
    public Optional<Rejection> videoLength(Double duration, Integer frames, Integer fps) {
        if (fps != null && (fps < limits.minFps() || fps > limits.maxFps())) {
            return reject(OUT_OF_RANGE, "fps " + fps + " is outside " + limits.minFps() + "-" + limits.maxFps());
        }
        int rate = fps != null ? fps : limits.defaultFps();
        double max = limits.maxDurationSeconds();
        if ((duration == null) == (frames == null)) {
            return reject(INVALID_FIELD, "a video needs exactly one of duration_seconds and frames"
                    + (duration == null ? ", got neither" : ", got both"));
        }
        if (duration != null) {
            if (!Double.isFinite(duration)) {
                return reject(INVALID_FIELD, "duration_seconds must be a finite number");
            }
            if (duration <= 0 || duration > max) {
                return reject(OUT_OF_RANGE, "duration_seconds " + duration + " is outside (0, " + max + "]");
            }
            if (duration * rate < 1) {
                return reject(OUT_OF_RANGE, "duration_seconds " + duration + " is shorter than one frame at " + rate + " fps");
            }
            return Optional.empty();
        }
        if (frames < 1) {
            return reject(OUT_OF_RANGE, "frames must be at least 1, got " + frames);
        }
        if ((double) frames / rate > max) {
            return reject(OUT_OF_RANGE, frames + " frames at " + rate + " fps last " + String.format("%.2f", (double) frames / rate)
                    + " s, more than " + max + " s");
        }
        return Optional.empty();
    }

    /** Denoising steps and guidance; null means the model's default, which is always allowed. */
    public Optional<Rejection> sampling(Integer steps, Double guidance) {
        if (steps != null && (steps < limits.minSteps() || steps > limits.maxSteps())) {
            return reject(OUT_OF_RANGE, "steps " + steps + " is outside " + limits.minSteps() + "-" + limits.maxSteps());
        }
        return bounded("guidance", guidance, limits.minGuidance(), limits.maxGuidance());
    }

    /** Null is allowed (the default applies); otherwise finite and within [min, max]. */
    public static Optional<Rejection> bounded(String field, Double value, double min, double max) {
        if (value == null) {
            return Optional.empty();
        }
        if (!Double.isFinite(value)) {
            return reject(INVALID_FIELD, field + " must be a finite number, got " + value);
        }
        if (value < min || value > max) {
            return reject(OUT_OF_RANGE, field + " " + value + " is outside [" + min + ", " + max + "]");
        }
        return Optional.empty();
    }

    private static Optional<Rejection> reject(ErrorCode code, String message) {
        return Optional.of(Rejection.of(code, message));
    }
}

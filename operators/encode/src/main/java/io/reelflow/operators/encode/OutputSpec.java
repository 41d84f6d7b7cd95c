package io.reelflow.operators.encode;

import io.reelflow.config.LimitsConfig;
import io.reelflow.schema.GenerationMode;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.OutputFormat;

/**
 * What the encoder produces for a request: container, exact size, frame rate and frame count. For a video the frame
 * count is {@code request.frames}, or else {@code round(duration_seconds * fps)}; fps is the request's or
 * {@code limits.default-fps}. An image has one frame, fps 0 and duration 0.
 */
public record OutputSpec(OutputFormat format, int width, int height, int fps, int frames) {

    public OutputSpec {
        if (width <= 0 || height <= 0 || frames <= 0 || (format == OutputFormat.MP4 && fps <= 0)) {
            throw new IllegalArgumentException("impossible output: " + format + " " + width + "x" + height + ", "
                    + frames + " frames at " + fps + " fps");
        }
    }

    /** The output a request asks for; throws IllegalArgumentException if it cannot be produced. */
    public static OutputSpec of(GenerationRequest request, LimitsConfig limits) {
        OutputFormat format = request.getOutputFormat() != null
                ? request.getOutputFormat()
                : request.getMode() == GenerationMode.TEXT_TO_IMAGE ? OutputFormat.PNG : OutputFormat.MP4;
        if (format == OutputFormat.PNG) {
            return new OutputSpec(format, request.getWidth(), request.getHeight(), 0, 1);
        }
        int fps = request.getFps() != null ? request.getFps() : limits.defaultFps();
        int frames;
        if (request.getFrames() != null) {
            frames = request.getFrames();
        } else if (request.getDurationSeconds() != null) {
            frames = Math.toIntExact(Math.round(request.getDurationSeconds() * fps));
        } else {
            throw new IllegalArgumentException("a video request needs duration_seconds or frames");
        }
        return new OutputSpec(format, request.getWidth(), request.getHeight(), fps, frames);
    }

    public boolean isVideo() {
        return format == OutputFormat.MP4;
    }

    /** frames / fps for a video, 0 for an image. */
    public double durationSeconds() {
        return isVideo() ? (double) frames / fps : 0.0;
    }

    /** When output frame {@code index} starts. */
    public double frameTime(int index) {
        return isVideo() ? (double) index / fps : 0.0;
    }
}

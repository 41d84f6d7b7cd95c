package io.reelflow.operators.campaign.spec;

import io.reelflow.schema.GenerationMode;
import java.io.Serializable;

/**
 * An output format with its settings resolved (format over campaign over model defaults).
 *
 * @param durationSeconds video length; null for images
 * @param fps video frame rate; null for images
 * @param sampler null: the model's default
 * @param guidance null: the model's default
 */
public record FormatSpec(
        String name,
        GenerationMode mode,
        int width,
        int height,
        Double durationSeconds,
        Integer fps,
        int steps,
        String sampler,
        Double guidance,
        SeedPolicy seed)
        implements Serializable {

    public boolean isVideo() {
        return mode != GenerationMode.TEXT_TO_IMAGE;
    }

    /** Output frames: duration x fps for video, 1 for an image. */
    public long outputFrames() {
        return isVideo() ? Math.max(1, Math.round(durationSeconds * fps)) : 1;
    }

    /** How it was written: {@code image 2048x2048} or {@code video 1920x1080 10s}. */
    public String describe() {
        String size = width + "x" + height;
        return isVideo() ? "video " + size + " " + seconds(durationSeconds) + "s " + fps + "fps" : "image " + size;
    }

    static String seconds(double s) {
        return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
    }
}

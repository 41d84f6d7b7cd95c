package io.reelflow.operators.encode;

import io.reelflow.pipeline.Frames;

/** A whole decoded file: every frame as RGB24, and what the file says about itself. */
public record DecodedMedia(MediaInfo info, Frames frames) {

    public double fps() {
        return info.fps();
    }

    public double durationSeconds() {
        return info.durationSeconds();
    }
}

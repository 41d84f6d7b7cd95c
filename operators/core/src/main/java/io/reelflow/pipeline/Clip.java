package io.reelflow.pipeline;

import java.io.Serializable;

/**
 * Generated frames at the model's native size and frame rate, on their way to encoding: the encoder scales them to
 * the requested size and rate. {@code fps} is 0 for an image. {@code overlay} is the visible mark, if any.
 */
public record Clip(Trace trace, Frames frames, double fps, Overlay overlay) implements Serializable {

    public Clip withFrames(Frames newFrames) {
        return new Clip(trace, newFrames, fps, overlay);
    }

    public Clip withTrace(Trace newTrace) {
        return new Clip(newTrace, frames, fps, overlay);
    }

    public Clip withOverlay(Overlay newOverlay) {
        return new Clip(trace, frames, fps, newOverlay);
    }
}

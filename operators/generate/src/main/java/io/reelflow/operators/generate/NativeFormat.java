package io.reelflow.operators.generate;

/**
 * What a model samples for one request: its native frame size and frame count. The encoder scales the frames to the
 * requested size and resamples them to the requested rate.
 *
 * @param fps the model's native frame rate, 0 for an image
 */
public record NativeFormat(int width, int height, int frames, double fps) {

    public NativeFormat {
        if (width <= 0 || height <= 0 || frames <= 0 || fps < 0) {
            throw new IllegalArgumentException("bad native format " + width + "x" + height + "x" + frames + "@" + fps);
        }
    }

    public boolean isImage() {
        return fps == 0;
    }
}

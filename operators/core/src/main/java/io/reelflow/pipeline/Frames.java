package io.reelflow.pipeline;

import java.io.Serializable;

/**
 * Uncompressed frames: {@code count} frames of {@code width x height} pixels, 8-bit RGB interleaved, row-major, frame
 * after frame. An image is one frame.
 */
public record Frames(int width, int height, int count, byte[] rgb) implements Serializable {

    public Frames {
        if (width <= 0 || height <= 0 || count <= 0) {
            throw new IllegalArgumentException("frames must be non-empty: " + width + "x" + height + "x" + count);
        }
        if ((long) width * height * 3 * count != rgb.length) {
            throw new IllegalArgumentException("expected " + ((long) width * height * 3 * count) + " bytes, got " + rgb.length);
        }
    }

    public static Frames blank(int width, int height, int count) {
        return new Frames(width, height, count, new byte[width * height * 3 * count]);
    }

    public int frameBytes() {
        return width * height * 3;
    }

    /** Frames {@code from} to {@code from + count - 1}, copied. */
    public Frames slice(int from, int count) {
        if (from < 0 || count < 1 || from + count > this.count) {
            throw new IllegalArgumentException("frames " + from + ".." + (from + count) + " outside 0.." + this.count);
        }
        return new Frames(width, height, count, java.util.Arrays.copyOfRange(rgb, offset(from), offset(from + count)));
    }

    /** Byte offset of frame {@code index} in {@link #rgb()}. */
    public int offset(int index) {
        return index * frameBytes();
    }
}

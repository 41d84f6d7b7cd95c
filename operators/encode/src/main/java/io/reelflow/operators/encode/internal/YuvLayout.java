package io.reelflow.operators.encode.internal;

/**
 * Where the planes of a packed YUV 4:2:0 frame lie: Y, then U, then V, rows without padding, chroma rounded up for odd
 * sizes. The same layout as {@code av_image_fill_arrays(..., align = 1)}, which JavaCV's recorder uses on its input.
 */
public record YuvLayout(int width, int height) {

    public int chromaWidth() {
        return (width + 1) / 2;
    }

    public int chromaHeight() {
        return (height + 1) / 2;
    }

    public int uOffset() {
        return width * height;
    }

    public int vOffset() {
        return uOffset() + chromaWidth() * chromaHeight();
    }

    public int bytes() {
        return vOffset() + chromaWidth() * chromaHeight();
    }
}

package io.reelflow.operators.watermark.internal;

/**
 * Luma (BT.601 weights) of 8-bit three-channel pixels. The mark is added equally to R, G and B, which moves luma by
 * the same amount whatever weights a decoder uses (they sum to 1) and leaves chroma alone.
 */
public final class Luma {

    // BT.601 in 8-bit fixed point (0.299, 0.587, 0.114 as 77, 150, 29 of 256): integer arithmetic, one float multiply.
    private static final int WR = 77;
    private static final int WG = 150;
    private static final int WB = 29;
    private static final float SCALE = 1f / 256;

    private final int first;
    private final int third;

    /** Luma of pixels with channels in RGB order, or BGR if {@code bgr}. */
    public Luma(boolean bgr) {
        first = bgr ? WB : WR;
        third = bgr ? WR : WB;
    }

    /** Luma of the pixel whose first channel is at {@code index}. */
    public float at(byte[] pixels, int index) {
        return (first * (pixels[index] & 0xFF) + WG * (pixels[index + 1] & 0xFF) + third * (pixels[index + 2] & 0xFF))
                * SCALE;
    }
}

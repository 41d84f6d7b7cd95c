package io.reelflow.operators.watermark.internal;

/**
 * Luma (BT.601 weights) of 8-bit three-channel pixels. The mark is added equally to R, G and B, which moves luma by
 * the same amount whatever weights a decoder uses (they sum to 1) and leaves chroma alone.
 */
public final class Luma {

    private static final float WR = 0.299f;
    private static final float WG = 0.587f;
    private static final float WB = 0.114f;

    private Luma() {}

    /** Luma of {@code width} pixels starting at {@code offset}, channels in RGB order, or BGR if {@code bgr}. */
    public static void row(byte[] pixels, int offset, int width, boolean bgr, float[] into) {
        float first = bgr ? WB : WR;
        float third = bgr ? WR : WB;
        for (int x = 0, in = offset; x < width; x++, in += 3) {
            into[x] = first * (pixels[in] & 0xFF) + WG * (pixels[in + 1] & 0xFF) + third * (pixels[in + 2] & 0xFF);
        }
    }
}

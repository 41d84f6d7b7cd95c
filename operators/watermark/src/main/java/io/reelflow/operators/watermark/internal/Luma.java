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

    private Luma() {}

    /** Luma of {@code width} pixels starting at {@code offset}, channels in RGB order, or BGR if {@code bgr}. */
    public static void row(byte[] pixels, int offset, int width, boolean bgr, float[] into) {
        int first = bgr ? WB : WR;
        int third = bgr ? WR : WB;
        for (int x = 0, in = offset; x < width; x++, in += 3) {
            into[x] = (first * (pixels[in] & 0xFF) + WG * (pixels[in + 1] & 0xFF) + third * (pixels[in + 2] & 0xFF))
                    * SCALE;
        }
    }
}

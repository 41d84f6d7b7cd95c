package io.reelflow.operators.watermark.internal;

/**
 * Luma (BT.601 weights) of 8-bit three-channel pixels. The mark is added equally to R, G and B, which moves luma by
 * the same amount whatever weights a decoder uses (they sum to 1) and leaves chroma alone.
 */
public final class Luma {

    static final float WR = 0.299f;
    static final float WG = 0.587f;
    static final float WB = 0.114f;

    private Luma() {}

    /**
     * Luma of a {@code width x height} frame starting at {@code offset}, rows {@code rowStride} bytes apart,
     * channels in RGB order, or BGR if {@code bgr}. Writes into {@code into} when it is large enough.
     */
    public static float[] of(byte[] pixels, int offset, int width, int height, int rowStride, boolean bgr, float[] into) {
        float[] luma = into != null && into.length >= width * height ? into : new float[width * height];
        float first = bgr ? WB : WR;
        float third = bgr ? WR : WB;
        for (int y = 0; y < height; y++) {
            int in = offset + y * rowStride;
            int out = y * width;
            for (int x = 0; x < width; x++, in += 3) {
                luma[out + x] = first * (pixels[in] & 0xFF) + WG * (pixels[in + 1] & 0xFF) + third * (pixels[in + 2] & 0xFF);
            }
        }
        return luma;
    }
}

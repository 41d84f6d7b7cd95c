package io.reelflow.operators.generate;

/** The pixel range models work in: 8-bit values 0..255 map linearly to [-1, 1]. */
public final class PixelRange {

    private PixelRange() {}

    /** Writes {@code count} values of {@code rgb} from {@code from} into {@code out} at {@code at}, in [-1, 1]. */
    public static void signed(byte[] rgb, int from, float[] out, int at, int count) {
        for (int i = 0; i < count; i++) {
            out[at + i] = (rgb[from + i] & 0xFF) / 127.5f - 1f;
        }
    }
}

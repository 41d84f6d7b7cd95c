package io.reelflow.operators.watermark.internal;

/**
 * Renders text in the {@link BitmapFont} into an RGBA sprite of a given size: white letters over a soft dark halo, so
 * the mark reads on bright and dark pictures alike. The font's pixels are treated as samples of a smooth field
 * (bilinear) and thresholded with supersampling, which rounds the steps of a scaled-up pixel font into clean edges.
 */
public final class TextSprite {

    /** One font pixel of transparent border around the text, room for the halo. */
    public static final int PADDING = 1;
    /** Slightly under 0.5 so diagonal strokes (which meet at single corners) stay joined. */
    private static final double TEXT_LEVEL = 0.45;
    /** A lower threshold of the same field: the letters grown by about a third of a font pixel. */
    private static final double HALO_LEVEL = 0.12;
    private static final double HALO_ALPHA = 0.55;

    private TextSprite() {}

    /** Width of {@code text} in font pixels, padding included. */
    public static int columns(String text) {
        return text.length() * BitmapFont.ADVANCE - 1 + 2 * PADDING;
    }

    /** Height of any text in font pixels, padding included. */
    public static int rows() {
        return BitmapFont.GLYPH_HEIGHT + 2 * PADDING;
    }

    /** Straight-alpha RGBA, {@code width x height}, with {@code opacity} applied to alpha. */
    public static byte[] render(String text, int width, int height, double opacity) {
        int columns = columns(text);
        int rows = rows();
        int samples = Math.min(16, Math.max(4, 2 * (int) Math.ceil(Math.max((double) columns / width, (double) rows / height))));
        byte[] rgba = new byte[width * height * 4];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int inText = 0;
                int halo = 0;
                for (int sy = 0; sy < samples; sy++) {
                    double v = (y + (sy + 0.5) / samples) * rows / height;
                    for (int sx = 0; sx < samples; sx++) {
                        double u = (x + (sx + 0.5) / samples) * columns / width;
                        double field = field(text, u, v);
                        inText += field >= TEXT_LEVEL ? 1 : 0;
                        halo += field >= HALO_LEVEL ? 1 : 0;
                    }
                }
                double textCover = (double) inText / (samples * samples);
                double haloCover = (double) halo / (samples * samples);
                double alpha = textCover + (haloCover - textCover) * HALO_ALPHA;
                int i = (y * width + x) * 4;
                int grey = alpha == 0 ? 0 : (int) Math.round(255 * textCover / alpha);
                rgba[i] = (byte) grey;
                rgba[i + 1] = (byte) grey;
                rgba[i + 2] = (byte) grey;
                rgba[i + 3] = (byte) Math.round(255 * alpha * opacity);
            }
        }
        return rgba;
    }

    /** Bilinear interpolation of the text's font pixels (1 set, 0 clear) at (u, v) in padded font-pixel units. */
    private static double field(String text, double u, double v) {
        double fx = u - 0.5;
        double fy = v - 0.5;
        int x0 = (int) Math.floor(fx);
        int y0 = (int) Math.floor(fy);
        double tx = fx - x0;
        double ty = fy - y0;
        return (1 - ty) * ((1 - tx) * on(text, x0, y0) + tx * on(text, x0 + 1, y0))
                + ty * ((1 - tx) * on(text, x0, y0 + 1) + tx * on(text, x0 + 1, y0 + 1));
    }

    private static double on(String text, int column, int row) {
        int c = column - PADDING;
        int r = row - PADDING;
        if (c < 0 || r < 0) {
            return 0;
        }
        int index = c / BitmapFont.ADVANCE;
        return index < text.length() && BitmapFont.pixel(text.charAt(index), c % BitmapFont.ADVANCE, r) ? 1 : 0;
    }
}

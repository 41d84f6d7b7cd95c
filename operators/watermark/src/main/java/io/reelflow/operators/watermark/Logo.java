package io.reelflow.operators.watermark;

import io.reelflow.pipeline.LogoLimits;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** A logo for the visible mark: straight-alpha RGBA pixels, decoded once (a tenant's when the stage opens). */
public record Logo(int width, int height, byte[] rgba) {

    /** Logos larger than this on a side are refused: a mark is at most half the frame width. */
    public static final int MAX_SIDE = 4096;

    /** A PNG (or any format ImageIO reads) from {@code classpath:path} or a file path on the TaskManagers. */
    public static Logo load(String location) {
        try {
            byte[] bytes;
            if (location.startsWith("classpath:")) {
                String resource = location.substring("classpath:".length());
                try (InputStream in = Logo.class.getClassLoader().getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IOException("no classpath resource " + resource);
                    }
                    bytes = in.readAllBytes();
                }
            } else {
                bytes = Files.readAllBytes(Path.of(location));
            }
            return decode(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("visible mark logo " + location + ": " + e.getMessage(), e);
        }
    }

    public static Logo decode(byte[] image) throws IOException {
        return decode(image, MAX_SIDE);
    }

    /** Decodes an image of at most {@code maxSide} pixels on a side, as {@link LogoLimits#read} checks it. */
    public static Logo decode(byte[] image, int maxSide) throws IOException {
        BufferedImage decoded = LogoLimits.read(image, maxSide);
        int width = decoded.getWidth();
        int height = decoded.getHeight();
        int[] argb = decoded.getRGB(0, 0, width, height, null, 0, width);
        byte[] rgba = new byte[width * height * 4];
        for (int i = 0; i < argb.length; i++) {
            rgba[4 * i] = (byte) (argb[i] >> 16);
            rgba[4 * i + 1] = (byte) (argb[i] >> 8);
            rgba[4 * i + 2] = (byte) argb[i];
            rgba[4 * i + 3] = (byte) (argb[i] >>> 24);
        }
        return new Logo(width, height, rgba);
    }

    /** Bytes of the decoded pixels, what a cache of logos holds. */
    public long sizeBytes() {
        return rgba.length;
    }

    /**
     * This logo at {@code outWidth x outHeight}, each output pixel the area-weighted mean of the pixels it covers
     * (colours weighted by alpha, so transparent pixels do not darken edges), with alpha scaled by {@code opacity}.
     */
    byte[] resized(int outWidth, int outHeight, double opacity) {
        byte[] out = new byte[outWidth * outHeight * 4];
        double sx = (double) width / outWidth;
        double sy = (double) height / outHeight;
        for (int oy = 0; oy < outHeight; oy++) {
            double y0 = oy * sy;
            double y1 = y0 + sy;
            for (int ox = 0; ox < outWidth; ox++) {
                double x0 = ox * sx;
                double x1 = x0 + sx;
                double[] sums = new double[4]; // alpha-weighted r, g, b, and alpha
                for (int y = (int) y0; y < Math.min(height, Math.ceil(y1)); y++) {
                    double wy = Math.min(y + 1, y1) - Math.max(y, y0);
                    for (int x = (int) x0; x < Math.min(width, Math.ceil(x1)); x++) {
                        double w = wy * (Math.min(x + 1, x1) - Math.max(x, x0));
                        int i = (y * width + x) * 4;
                        double alpha = (rgba[i + 3] & 0xFF) * w;
                        sums[0] += (rgba[i] & 0xFF) * alpha;
                        sums[1] += (rgba[i + 1] & 0xFF) * alpha;
                        sums[2] += (rgba[i + 2] & 0xFF) * alpha;
                        sums[3] += alpha;
                    }
                }
                int o = (oy * outWidth + ox) * 4;
                if (sums[3] > 0) {
                    for (int c = 0; c < 3; c++) {
                        out[o + c] = (byte) Math.round(sums[c] / sums[3]);
                    }
                    out[o + 3] = (byte) Math.round(sums[3] / (sx * sy) * opacity);
                }
            }
        }
        return out;
    }
}

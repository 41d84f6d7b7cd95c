package io.reelflow.bench.watermark;

import io.reelflow.pipeline.Frames;
import java.util.SplittableRandom;

/**
 * Synthetic clips with natural texture at full output size, drawn from a seed: a canvas of value noise over several
 * octaves and a colour gradient that pans, hard-edged shapes that move across it, and grain that changes every frame.
 * Three styles span what the watermark meets: a textured landscape, smooth gradients (where the mark must stay at
 * its flat-area cap) and heavy grain (which H.264 and VP9 spend their bits on).
 */
final class TexturedClips {

    enum Style { LANDSCAPE, GRADIENT, GRAIN }

    /** Pan of the canvas, pixels per frame at most: the margin the canvas has around the frame. */
    private static final int MAX_PAN = 3;
    private static final int GRAIN_TABLE = 1 << 20;

    private TexturedClips() {}

    static Frames clip(Style style, int width, int height, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int margin = MAX_PAN * count + 1;
        int canvasWidth = width + margin;
        int canvasHeight = height + margin;
        byte[] canvas = canvas(style, canvasWidth, canvasHeight, random);
        double panX = random.nextDouble(-1, 1) * MAX_PAN;
        double panY = random.nextDouble(-1, 1) * MAX_PAN;
        Shapes shapes = new Shapes(random, width, height);
        byte[] grain = grain(style, random);
        byte[] rgb = new byte[width * height * 3 * count];
        for (int f = 0; f < count; f++) {
            int x0 = (int) Math.round(margin / 2.0 + panX * (f - count / 2.0));
            int y0 = (int) Math.round(margin / 2.0 + panY * (f - count / 2.0));
            int base = f * width * height * 3;
            for (int y = 0; y < height; y++) {
                System.arraycopy(canvas, ((y0 + y) * canvasWidth + x0) * 3, rgb, base + y * width * 3, width * 3);
            }
            shapes.draw(rgb, base, f);
            int start = random.nextInt(GRAIN_TABLE);
            for (int i = 0; i < width * height * 3; i++) {
                int v = (rgb[base + i] & 0xFF) + grain[(start + i) & (GRAIN_TABLE - 1)];
                rgb[base + i] = (byte) Math.max(0, Math.min(255, v));
            }
        }
        return new Frames(width, height, count, rgb);
    }

    /** The still background: value noise (textured styles) over a gradient, per channel. */
    private static byte[] canvas(Style style, int width, int height, SplittableRandom random) {
        double amplitude = switch (style) {
            case LANDSCAPE -> random.nextDouble(40, 70);
            case GRADIENT -> 0;
            case GRAIN -> random.nextDouble(10, 30);
        };
        int octaves = 5;
        double[][] lattices = new double[octaves][];
        for (int o = 0; o < octaves; o++) {
            int n = (3 << o) + 1;
            lattices[o] = random.doubles((long) n * n, -1, 1).toArray();
        }
        double[] base = new double[3];
        double[] slopeX = new double[3];
        double[] slopeY = new double[3];
        for (int ch = 0; ch < 3; ch++) {
            base[ch] = random.nextDouble(50, 200);
            slopeX[ch] = random.nextDouble(-80, 80);
            slopeY[ch] = random.nextDouble(-80, 80);
        }
        double[] tint = {random.nextDouble(0.6, 1.2), random.nextDouble(0.6, 1.2), random.nextDouble(0.6, 1.2)};
        byte[] rgb = new byte[width * height * 3];
        double scale = Math.max(width, height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double u = x / scale;
                double v = y / scale;
                double texture = 0;
                double a = amplitude;
                for (int o = 0; o < octaves && a > 0; o++) {
                    texture += a * valueNoise(lattices[o], 3 << o, u, v);
                    a /= 2;
                }
                for (int ch = 0; ch < 3; ch++) {
                    double value = base[ch] + slopeX[ch] * (u - 0.5) + slopeY[ch] * (v - 0.5) + tint[ch] * texture;
                    rgb[(y * width + x) * 3 + ch] = (byte) Math.max(0, Math.min(255, Math.round(value)));
                }
            }
        }
        return rgb;
    }

    /** A table of Gaussian grain read from a random start each frame: fresh-looking grain at the cost of a copy. */
    private static byte[] grain(Style style, SplittableRandom random) {
        double sigma = switch (style) {
            case LANDSCAPE -> 3;
            case GRADIENT -> 1.5;
            case GRAIN -> random.nextDouble(10, 20);
        };
        java.util.Random gaussian = new java.util.Random(random.nextLong());
        byte[] table = new byte[GRAIN_TABLE];
        for (int i = 0; i < table.length; i++) {
            table[i] = (byte) Math.max(-127, Math.min(127, Math.round(gaussian.nextGaussian() * sigma)));
        }
        return table;
    }

    /** Value noise with {@code cells} lattice cells per unit, smoothstep-interpolated. */
    private static double valueNoise(double[] lattice, int cells, double u, double v) {
        int n = cells + 1;
        double x = Math.min(u, 1) * cells;
        double y = Math.min(v, 1) * cells;
        int ix = Math.min((int) x, cells - 1);
        int iy = Math.min((int) y, cells - 1);
        double fx = smooth(x - ix);
        double fy = smooth(y - iy);
        double top = lattice[iy * n + ix] * (1 - fx) + lattice[iy * n + ix + 1] * fx;
        double bottom = lattice[(iy + 1) * n + ix] * (1 - fx) + lattice[(iy + 1) * n + ix + 1] * fx;
        return top * (1 - fy) + bottom * fy;
    }

    private static double smooth(double t) {
        return t * t * (3 - 2 * t);
    }

    /** A disc and a bar of flat colour moving over the canvas: hard edges in motion. */
    private static final class Shapes {
        private final int width;
        private final int height;
        private final double discX;
        private final double discY;
        private final double discR;
        private final double discVx;
        private final double discVy;
        private final byte[] discColour = new byte[3];
        private final double barX;
        private final double barWidth;
        private final double barVx;
        private final byte[] barColour = new byte[3];

        Shapes(SplittableRandom random, int width, int height) {
            this.width = width;
            this.height = height;
            int shortSide = Math.min(width, height);
            discX = random.nextDouble(0.2, 0.8) * width;
            discY = random.nextDouble(0.2, 0.8) * height;
            discR = random.nextDouble(0.08, 0.25) * shortSide;
            discVx = random.nextDouble(-6, 6);
            discVy = random.nextDouble(-4, 4);
            barX = random.nextDouble(0.1, 0.9) * width;
            barWidth = random.nextDouble(0.02, 0.08) * width;
            barVx = random.nextDouble(-8, 8);
            for (int ch = 0; ch < 3; ch++) {
                discColour[ch] = (byte) random.nextInt(256);
                barColour[ch] = (byte) random.nextInt(256);
            }
        }

        void draw(byte[] rgb, int base, int frame) {
            int left = (int) Math.round(barX + barVx * frame);
            for (int y = 0; y < height; y++) {
                for (int x = Math.max(0, left); x < Math.min(width, left + (int) barWidth); x++) {
                    System.arraycopy(barColour, 0, rgb, base + (y * width + x) * 3, 3);
                }
            }
            double cx = discX + discVx * frame;
            double cy = discY + discVy * frame;
            for (int y = (int) Math.max(0, cy - discR); y < Math.min(height, cy + discR + 1); y++) {
                for (int x = (int) Math.max(0, cx - discR); x < Math.min(width, cx + discR + 1); x++) {
                    if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= discR * discR) {
                        System.arraycopy(discColour, 0, rgb, base + (y * width + x) * 3, 3);
                    }
                }
            }
        }
    }
}

package io.reelflow.operators.watermark;

import io.reelflow.pipeline.Frames;
import java.util.SplittableRandom;

/** Seeded synthetic content for watermark tests: flat colour, gradients, noise, and natural-looking scenes. */
final class SyntheticFrames {

    enum Kind { FLAT, GRADIENT, NOISE, NATURAL }

    private SyntheticFrames() {}

    static Frames image(Kind kind, int width, int height, long seed) {
        return video(kind, width, height, 1, seed);
    }

    /** {@code count} frames of a scene that pans and has a moving disc, so frames differ like a real clip's. */
    static Frames video(Kind kind, int width, int height, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Scene scene = new Scene(kind, random);
        byte[] rgb = new byte[width * height * 3 * count];
        for (int f = 0; f < count; f++) {
            int base = f * width * height * 3;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    double u = (x + 0.5) / width;
                    double v = (y + 0.5) / height;
                    int i = base + (y * width + x) * 3;
                    for (int ch = 0; ch < 3; ch++) {
                        rgb[i + ch] = (byte) clamp(scene.value(u, v, f, ch, random));
                    }
                }
            }
        }
        return new Frames(width, height, count, rgb);
    }

    /** A mix of every kind: frame {@code i} of a varied set. */
    static Frames varied(int i, int width, int height, int count) {
        return video(Kind.values()[i % Kind.values().length], width, height, count, 1000L + i);
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    /** One scene: colours, a value-noise landscape, edges and a disc, all drawn from the seed. */
    private static final class Scene {
        final Kind kind;
        final double[] base = new double[3];
        final double[] slope = new double[6];
        final double noiseSigma;
        final double[][] lattice = new double[4][];
        final double[] discColour = new double[3];
        final double discX;
        final double discY;
        final double discR;
        final double panX;
        final double panY;

        Scene(Kind kind, SplittableRandom random) {
            this.kind = kind;
            for (int ch = 0; ch < 3; ch++) {
                base[ch] = kind == Kind.FLAT && random.nextInt(4) == 0 ? random.nextInt(2) * 255 : 20 + random.nextDouble() * 215;
                discColour[ch] = random.nextDouble() * 255;
            }
            for (int i = 0; i < slope.length; i++) {
                slope[i] = (random.nextDouble() - 0.5) * 200;
            }
            noiseSigma = 5 + random.nextDouble() * 30;
            for (int octave = 0; octave < lattice.length; octave++) {
                int n = (4 << octave) + 1;
                lattice[octave] = new double[n * n];
                for (int i = 0; i < lattice[octave].length; i++) {
                    lattice[octave][i] = random.nextDouble() * 2 - 1;
                }
            }
            discX = 0.2 + random.nextDouble() * 0.6;
            discY = 0.2 + random.nextDouble() * 0.6;
            discR = 0.05 + random.nextDouble() * 0.2;
            panX = (random.nextDouble() - 0.5) * 0.02;
            panY = (random.nextDouble() - 0.5) * 0.02;
        }

        double value(double u, double v, int frame, int ch, SplittableRandom random) {
            switch (kind) {
                case FLAT:
                    return base[ch];
                case GRADIENT:
                    return base[ch] + slope[2 * ch] * (u - 0.5) + slope[2 * ch + 1] * (v - 0.5) + frame * 0.5;
                case NOISE:
                    return base[ch] + random.nextGaussian() * noiseSigma;
                default:
                    double pu = u + panX * frame;
                    double pv = v + panY * frame;
                    double landscape = 0;
                    double amplitude = 60;
                    for (int octave = 0; octave < lattice.length; octave++) {
                        landscape += amplitude * valueNoise(lattice[octave], (4 << octave), pu, pv);
                        amplitude /= 2;
                    }
                    double value = base[ch] + landscape * (0.6 + 0.2 * ch) + (pv > 0.6 + 0.1 * Math.sin(pu * 9) ? -40 : 0);
                    double dx = u - discX - 0.01 * frame;
                    double dy = v - discY;
                    if (dx * dx + dy * dy < discR * discR) {
                        value = discColour[ch] + 0.3 * landscape;
                    }
                    return value + random.nextGaussian() * 3;
            }
        }

        /** Smoothly interpolated lattice noise with {@code cells} cells per unit, wrapping. */
        private static double valueNoise(double[] lattice, int cells, double u, double v) {
            int n = cells + 1;
            double x = ((u % 1 + 1) % 1) * cells;
            double y = ((v % 1 + 1) % 1) * cells;
            int x0 = (int) x;
            int y0 = (int) y;
            double fx = smooth(x - x0);
            double fy = smooth(y - y0);
            double a = lattice[y0 * n + x0];
            double b = lattice[y0 * n + x0 + 1];
            double c = lattice[(y0 + 1) * n + x0];
            double d = lattice[(y0 + 1) * n + x0 + 1];
            return (a + (b - a) * fx) * (1 - fy) + (c + (d - c) * fx) * fy;
        }

        private static double smooth(double t) {
            return t * t * (3 - 2 * t);
        }
    }
}

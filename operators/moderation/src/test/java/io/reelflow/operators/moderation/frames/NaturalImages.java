package io.reelflow.operators.moderation.frames;

import io.reelflow.pipeline.Frames;
import java.util.SplittableRandom;

/**
 * Seeded pictures with the structure of photographs, for hash tests: a value-noise landscape over a colour gradient
 * with a horizon, hard-edged shapes (discs and rectangles) in their own colours, and sensor grain. Each seed is a
 * different scene; {@link #clip} pans a scene and moves its shapes, frame by frame.
 */
final class NaturalImages {

    private NaturalImages() {}

    static Frames image(long seed, int width, int height) {
        return clip(seed, width, height, 1);
    }

    static Frames clip(long seed, int width, int height, int count) {
        Scene scene = new Scene(new SplittableRandom(seed));
        SplittableRandom grain = new SplittableRandom(seed ^ 0x5DEECE66DL);
        byte[] rgb = new byte[width * height * 3 * count];
        for (int f = 0; f < count; f++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    double u = (x + 0.5) / width;
                    double v = (y + 0.5) / height;
                    int o = ((f * height + y) * width + x) * 3;
                    for (int c = 0; c < 3; c++) {
                        double value = scene.value(u, v, f, c) + grain.nextGaussian() * scene.grain;
                        rgb[o + c] = (byte) Math.max(0, Math.min(255, Math.round(value)));
                    }
                }
            }
        }
        return new Frames(width, height, count, rgb);
    }

    private static final class Scene {
        final double[] sky = new double[3];
        final double[] ground = new double[3];
        final double[] slope = new double[3];
        final double horizon;
        final double horizonWave;
        final double[][] lattices = new double[4][];
        final double relief;
        final double grain;
        final double[][] shapes; // {kind, x, y, size, aspect, r, g, b}
        final double pan;

        Scene(SplittableRandom random) {
            for (int c = 0; c < 3; c++) {
                sky[c] = random.nextDouble(30, 230);
                ground[c] = random.nextDouble(20, 200);
                slope[c] = random.nextDouble(-80, 80);
            }
            horizon = random.nextDouble(0.25, 0.75);
            horizonWave = random.nextDouble(2, 12);
            for (int o = 0; o < lattices.length; o++) {
                int n = (3 << o) + 1;
                lattices[o] = random.doubles(n * n, -1, 1).toArray();
            }
            relief = random.nextDouble(20, 70);
            grain = random.nextDouble(1, 6);
            shapes = new double[random.nextInt(1, 6)][];
            for (int i = 0; i < shapes.length; i++) {
                shapes[i] = new double[] {random.nextInt(2), random.nextDouble(0.1, 0.9), random.nextDouble(0.1, 0.9),
                    random.nextDouble(0.05, 0.25), random.nextDouble(0.5, 2), random.nextDouble(255),
                    random.nextDouble(255), random.nextDouble(255)};
            }
            pan = random.nextDouble(-0.01, 0.01);
        }

        double value(double u, double v, int frame, int c) {
            double pu = u + pan * frame;
            double landscape = 0;
            double amplitude = 1;
            for (int o = 0; o < lattices.length; o++) {
                landscape += amplitude * valueNoise(lattices[o], 3 << o, pu, v);
                amplitude /= 2;
            }
            boolean below = v > horizon + 0.05 * Math.sin(pu * horizonWave) + 0.08 * landscape;
            double value = (below ? ground[c] : sky[c]) + slope[c] * (pu - 0.5) + relief * landscape;
            for (double[] s : shapes) {
                double dx = (u - s[1] - 0.005 * frame) / s[4];
                double dy = v - s[2];
                boolean inside = s[0] == 0 ? dx * dx + dy * dy < s[3] * s[3] : Math.abs(dx) < s[3] && Math.abs(dy) < s[3];
                if (inside) {
                    value = s[5 + c] + 0.3 * relief * landscape;
                }
            }
            return value;
        }

        /** Bilinear lattice noise with {@code cells} cells across, wrapping. */
        private static double valueNoise(double[] lattice, int cells, double u, double v) {
            int n = cells + 1;
            double x = ((u % 1 + 1) % 1) * cells;
            double y = ((v % 1 + 1) % 1) * cells;
            int x0 = Math.min((int) x, cells - 1);
            int y0 = Math.min((int) y, cells - 1);
            double fx = x - x0;
            double fy = y - y0;
            double top = lattice[y0 * n + x0] * (1 - fx) + lattice[y0 * n + x0 + 1] * fx;
            double bottom = lattice[(y0 + 1) * n + x0] * (1 - fx) + lattice[(y0 + 1) * n + x0 + 1] * fx;
            return top * (1 - fy) + bottom * fy;
        }
    }
}

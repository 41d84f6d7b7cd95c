package io.reelflow.bench;

import io.reelflow.operators.watermark.ChannelOrder;
import io.reelflow.operators.watermark.Detection;
import io.reelflow.operators.watermark.DetectionAccumulator;
import io.reelflow.operators.watermark.WatermarkDetector;
import io.reelflow.operators.watermark.WatermarkEmbedder;
import io.reelflow.operators.watermark.WatermarkKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Per-frame cost of the invisible watermark on one core: {@code bench/run watermark [--width W --height H]}. Marks
 * a textured frame (smooth value noise, edges and grain) in place, reads frames back into a detector, and times the
 * crop search on a 10 % corner crop, which pays the whole search. Medians of 5 rounds after a warm-up.
 */
public final class WatermarkBench {

    public static void main(String[] args) {
        int width = 1920;
        int height = 1080;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--width" -> width = Integer.parseInt(args[++i]);
                case "--height" -> height = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.printf("machine: %d cores, Java %s, %s; %dx%d%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), Instant.now(), width, height);
        WatermarkKey key = WatermarkKey.fromSecret("bench-secret");
        String id = key.watermarkId("bench", "frame");
        byte[] frame = texturedFrame(width, height, 7);
        WatermarkEmbedder.FrameMarker marker = WatermarkEmbedder.builder().key(key).strength(1).build()
                .marker(width, height, id);
        WatermarkDetector detector = WatermarkDetector.builder().key(key).build();
        byte[] marked = frame.clone();
        marker.mark(marked, 0, width * 3, ChannelOrder.RGB);
        int cropWidth = width * 9 / 10;
        int cropHeight = height * 9 / 10;
        byte[] cropped = crop(marked, width, cropWidth, cropHeight);

        double[] embed = new double[5];
        double[] detect = new double[5];
        double[] search = new double[5];
        Detection found = null;
        for (int round = -1; round < 5; round++) { // round -1 warms up
            byte[] work = frame.clone();
            long t = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                System.arraycopy(frame, 0, work, 0, frame.length);
                marker.mark(work, 0, width * 3, ChannelOrder.RGB);
            }
            double embedMs = (System.nanoTime() - t) / 20e6;
            DetectionAccumulator accumulator = detector.accumulator();
            t = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                accumulator.addFrame(width, height, marked, 0, width * 3, ChannelOrder.RGB);
            }
            double detectMs = (System.nanoTime() - t) / 20e6;
            DetectionAccumulator croppedClip = detector.accumulator().addFrame(cropWidth, cropHeight, cropped, 0,
                    cropWidth * 3, ChannelOrder.RGB);
            t = System.nanoTime();
            found = croppedClip.result();
            double searchMs = (System.nanoTime() - t) / 1e6;
            if (round >= 0) {
                embed[round] = embedMs;
                detect[round] = detectMs;
                search[round] = searchMs;
            }
        }
        System.out.printf(Locale.ROOT, "embed_ms_per_frame=%.1f detect_ms_per_frame=%.1f crop_search_ms=%.0f "
                + "crop_read=%s crop_errors=%d psnr_db=%.1f%n", median(embed), median(detect), median(search),
                id.equals(found.watermarkId()) && found.detected(), found.correctedBitErrors(), psnr(frame, marked));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double psnr(byte[] a, byte[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (a[i] & 0xFF) - (b[i] & 0xFF);
            sum += d * d;
        }
        return 10 * Math.log10(255.0 * 255.0 / (sum / a.length));
    }

    /** The top-left {@code cropWidth x cropHeight} of an RGB frame {@code width} wide: a crop from one corner. */
    private static byte[] crop(byte[] rgb, int width, int cropWidth, int cropHeight) {
        byte[] out = new byte[cropWidth * cropHeight * 3];
        for (int y = 0; y < cropHeight; y++) {
            System.arraycopy(rgb, y * width * 3, out, y * cropWidth * 3, cropWidth * 3);
        }
        return out;
    }

    /** Value noise over three octaves, a hard diagonal edge and a little grain: texture at every scale. */
    private static byte[] texturedFrame(int width, int height, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] lattices = new double[3][];
        for (int o = 0; o < lattices.length; o++) {
            int n = (8 << o) + 1;
            lattices[o] = random.doubles(n * n, -1, 1).toArray();
        }
        byte[] rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double u = (x + 0.5) / width;
                double v = (y + 0.5) / height;
                double value = 120 + (u + v > 1.1 ? 40 : 0);
                double amplitude = 40;
                for (int o = 0; o < lattices.length; o++) {
                    value += amplitude * valueNoise(lattices[o], 8 << o, u, v);
                    amplitude /= 2;
                }
                value += 2 * random.nextGaussian();
                for (int ch = 0; ch < 3; ch++) {
                    rgb[(y * width + x) * 3 + ch] = (byte) Math.max(0, Math.min(255, Math.round(value * (0.8 + 0.15 * ch))));
                }
            }
        }
        return rgb;
    }

    private static double valueNoise(double[] lattice, int cells, double u, double v) {
        int n = cells + 1;
        double x = u * cells;
        double y = v * cells;
        int x0 = Math.min((int) x, cells - 1);
        int y0 = Math.min((int) y, cells - 1);
        double fx = x - x0;
        double fy = y - y0;
        double top = lattice[y0 * n + x0] * (1 - fx) + lattice[y0 * n + x0 + 1] * fx;
        double bottom = lattice[(y0 + 1) * n + x0] * (1 - fx) + lattice[(y0 + 1) * n + x0 + 1] * fx;
        return top * (1 - fy) + bottom * fy;
    }
}

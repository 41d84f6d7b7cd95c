package io.reelflow.operators.watermark;

import io.reelflow.pipeline.Frames;

/**
 * What the encode stage may do to frames, written independently of the engine: bilinear and bicubic (Keys, a = -0.5)
 * scaling with pixel centres aligned as FFmpeg and most libraries do, exact area averaging for downscales, and
 * frame-rate conversion by blending the two nearest source frames.
 */
final class Resample {

    enum Filter { BILINEAR, BICUBIC, AREA }

    private Resample() {}

    static Frames scale(Frames in, int width, int height, Filter filter) {
        byte[] out = new byte[width * height * 3 * in.count()];
        for (int f = 0; f < in.count(); f++) {
            byte[] frame = scaleFrame(in.rgb(), in.offset(f), in.width(), in.height(), width, height, filter);
            System.arraycopy(frame, 0, out, f * frame.length, frame.length);
        }
        return new Frames(width, height, in.count(), out);
    }

    /** One frame of {@code in} at {@code offset}, scaled to {@code width x height}. */
    static byte[] scaleFrame(byte[] in, int offset, int inW, int inH, int width, int height, Filter filter) {
        if (filter == Filter.AREA) {
            return area(in, offset, inW, inH, width, height);
        }
        Taps columns = new Taps(inW, width, filter);
        Taps rows = new Taps(inH, height, filter);
        byte[] out = new byte[width * height * 3];
        double[] sum = new double[3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                java.util.Arrays.fill(sum, 0);
                for (int j = 0; j < rows.count; j++) {
                    int row = offset + rows.index[y][j] * inW * 3;
                    double wy = rows.weight[y][j];
                    for (int i = 0; i < columns.count; i++) {
                        int p = row + columns.index[x][i] * 3;
                        double w = wy * columns.weight[x][i];
                        sum[0] += w * (in[p] & 0xFF);
                        sum[1] += w * (in[p + 1] & 0xFF);
                        sum[2] += w * (in[p + 2] & 0xFF);
                    }
                }
                for (int ch = 0; ch < 3; ch++) {
                    out[(y * width + x) * 3 + ch] = (byte) Math.max(0, Math.min(255, Math.round(sum[ch])));
                }
            }
        }
        return out;
    }

    /** Source indices (clamped at the edges) and weights of each output position along one axis. */
    private static final class Taps {
        final int count;
        final int[][] index;
        final double[][] weight;

        Taps(int in, int out, Filter filter) {
            count = filter == Filter.BILINEAR ? 2 : 4;
            index = new int[out][count];
            weight = new double[out][count];
            double scale = (double) in / out;
            for (int o = 0; o < out; o++) {
                double f = (o + 0.5) * scale - 0.5;
                int base = (int) Math.floor(f);
                double t = f - base;
                for (int k = 0; k < count; k++) {
                    int offset = filter == Filter.BILINEAR ? k : k - 1;
                    index[o][k] = Math.max(0, Math.min(in - 1, base + offset));
                    weight[o][k] = filter == Filter.BILINEAR ? (k == 0 ? 1 - t : t) : cubic(t - offset);
                }
            }
        }
    }

    /** Frames at {@code toFps} from frames at {@code fromFps}, each a blend of its two nearest source frames. */
    static Frames changeRate(Frames in, double fromFps, double toFps) {
        int count = (int) Math.round(in.count() * toFps / fromFps);
        int size = in.frameBytes();
        byte[] out = new byte[size * count];
        for (int k = 0; k < count; k++) {
            double position = k * fromFps / toFps;
            int a = Math.min((int) Math.floor(position), in.count() - 1);
            int b = Math.min(a + 1, in.count() - 1);
            double t = position - Math.floor(position);
            for (int i = 0; i < size; i++) {
                double v = (1 - t) * (in.rgb()[in.offset(a) + i] & 0xFF) + t * (in.rgb()[in.offset(b) + i] & 0xFF);
                out[k * size + i] = (byte) Math.round(v);
            }
        }
        return new Frames(in.width(), in.height(), count, out);
    }

    private static byte[] area(byte[] in, int offset, int inW, int inH, int width, int height) {
        byte[] out = new byte[width * height * 3];
        double sx = (double) inW / width;
        double sy = (double) inH / height;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int ch = 0; ch < 3; ch++) {
                    double sum = 0;
                    for (int py = (int) Math.floor(y * sy); py < Math.min(inH, Math.ceil((y + 1) * sy)); py++) {
                        double wy = Math.min(py + 1, (y + 1) * sy) - Math.max(py, y * sy);
                        for (int px = (int) Math.floor(x * sx); px < Math.min(inW, Math.ceil((x + 1) * sx)); px++) {
                            double wx = Math.min(px + 1, (x + 1) * sx) - Math.max(px, x * sx);
                            sum += wx * wy * (in[offset + (py * inW + px) * 3 + ch] & 0xFF);
                        }
                    }
                    out[(y * width + x) * 3 + ch] = (byte) Math.round(sum / (sx * sy));
                }
            }
        }
        return out;
    }

    private static double cubic(double t) {
        double a = -0.5;
        double x = Math.abs(t);
        if (x < 1) {
            return (a + 2) * x * x * x - (a + 3) * x * x + 1;
        }
        if (x < 2) {
            return a * x * x * x - 5 * a * x * x + 8 * a * x - 4 * a;
        }
        return 0;
    }
}

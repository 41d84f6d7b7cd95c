package io.reelflow.operators.moderation.djl.internal;

import io.reelflow.pipeline.Frames;
import java.util.List;

/**
 * One frame to a model's input: the whole frame resized (no crop, so nothing at its edges goes unseen) to
 * {@code size x size} with an antialiased linear filter (PIL's and torchvision's bilinear, which image models are
 * trained with), scaled to 0-1, normalised per channel by {@code (x - mean) / std}, as float CHW in the model's
 * channel order. Not thread-safe: it keeps the filter weights of the last frame size.
 */
public final class FramePreprocessor {

    private final int size;
    private final float[] mean;
    private final float[] std;
    private final boolean bgr;
    private Filter horizontal;
    private Filter vertical;

    /** {@code mean} and {@code std} are in the model's channel order, as configured. */
    public FramePreprocessor(int size, List<Double> mean, List<Double> std, boolean bgr) {
        this.size = size;
        this.mean = new float[3];
        this.std = new float[3];
        for (int c = 0; c < 3; c++) {
            this.mean[c] = mean.get(c).floatValue();
            this.std[c] = std.get(c).floatValue();
        }
        this.bgr = bgr;
    }

    public int size() {
        return size;
    }

    /** Frame {@code index} of {@code frames} as {@code 3 x size x size} floats, channel-major. */
    public float[] chw(Frames frames, int index) {
        int width = frames.width();
        int height = frames.height();
        if (horizontal == null || horizontal.in != width) {
            horizontal = new Filter(width, size);
        }
        if (vertical == null || vertical.in != height) {
            vertical = new Filter(height, size);
        }
        byte[] rgb = frames.rgb();
        int base = frames.offset(index);
        // Rows first (height x size x 3, still 0-255), then columns.
        float[] rows = new float[height * size * 3];
        for (int y = 0; y < height; y++) {
            int row = base + y * width * 3;
            for (int x = 0; x < size; x++) {
                float r = 0;
                float g = 0;
                float b = 0;
                int first = horizontal.first[x];
                for (int k = 0; k < horizontal.count[x]; k++) {
                    float w = horizontal.weights[x * horizontal.taps + k];
                    int p = row + (first + k) * 3;
                    r += w * (rgb[p] & 0xFF);
                    g += w * (rgb[p + 1] & 0xFF);
                    b += w * (rgb[p + 2] & 0xFF);
                }
                int o = (y * size + x) * 3;
                rows[o] = r;
                rows[o + 1] = g;
                rows[o + 2] = b;
            }
        }
        int plane = size * size;
        float[] out = new float[3 * plane];
        for (int y = 0; y < size; y++) {
            int first = vertical.first[y];
            for (int x = 0; x < size; x++) {
                float r = 0;
                float g = 0;
                float b = 0;
                for (int k = 0; k < vertical.count[y]; k++) {
                    float w = vertical.weights[y * vertical.taps + k];
                    int o = ((first + k) * size + x) * 3;
                    r += w * rows[o];
                    g += w * rows[o + 1];
                    b += w * rows[o + 2];
                }
                int pixel = y * size + x;
                out[pixel] = ((bgr ? b : r) / 255f - mean[0]) / std[0];
                out[plane + pixel] = (g / 255f - mean[1]) / std[1];
                out[2 * plane + pixel] = ((bgr ? r : b) / 255f - mean[2]) / std[2];
            }
        }
        return out;
    }

    /** Weights of a triangle filter resampling {@code in} samples to {@code out}, widened when shrinking. */
    private static final class Filter {
        final int in;
        final int taps;
        final int[] first;
        final int[] count;
        final float[] weights;

        Filter(int in, int out) {
            this.in = in;
            double scale = (double) in / out;
            double widen = Math.max(scale, 1);
            double support = widen; // the triangle's radius, in input samples
            taps = (int) Math.ceil(support) * 2 + 1;
            first = new int[out];
            count = new int[out];
            weights = new float[out * taps];
            for (int o = 0; o < out; o++) {
                double center = (o + 0.5) * scale;
                int lo = Math.max(0, (int) (center - support + 0.5));
                int hi = Math.min(in, (int) (center + support + 0.5));
                double total = 0;
                for (int i = lo; i < hi; i++) {
                    total += Math.max(0, 1 - Math.abs((i - center + 0.5) / widen));
                }
                first[o] = lo;
                count[o] = hi - lo;
                for (int i = lo; i < hi; i++) {
                    double w = Math.max(0, 1 - Math.abs((i - center + 0.5) / widen));
                    weights[o * taps + i - lo] = (float) (total == 0 ? 0 : w / total);
                }
            }
        }
    }
}

package io.reelflow.pipeline;


/**
 * Rescales frames in plain Java: area averaging when shrinking (every source pixel contributes by the share of it an
 * output pixel covers, so nothing aliases), linear interpolation when enlarging; nearest frame in time. For bringing
 * inputs to a model's native size and native frames up to a working size; output encoding uses FFmpeg's scaler.
 */
public final class FrameScaler {

    private FrameScaler() {}

    /** The size within {@code maxSide x maxSide} with the frames' aspect, never larger than they are. */
    public static int[] fitWithin(int width, int height, int maxSide) {
        double scale = Math.min(1, maxSide / (double) Math.max(width, height));
        return new int[] {Math.max(1, (int) Math.round(width * scale)), Math.max(1, (int) Math.round(height * scale))};
    }

    /** Every frame scaled to {@code width x height}. */
    public static Frames resize(Frames frames, int width, int height) {
        if (frames.width() == width && frames.height() == height) {
            return frames;
        }
        float[][] xWeights = weights(frames.width(), width);
        float[][] yWeights = weights(frames.height(), height);
        int[] xStart = starts(frames.width(), width);
        int[] yStart = starts(frames.height(), height);
        byte[] out = new byte[width * height * 3 * frames.count()];
        float[] row = new float[width * 3];
        for (int f = 0; f < frames.count(); f++) {
            int source = frames.offset(f);
            int target = f * width * height * 3;
            float[] columns = new float[frames.height() * width * 3];
            for (int y = 0; y < frames.height(); y++) {
                for (int x = 0; x < width; x++) {
                    float r = 0;
                    float g = 0;
                    float b = 0;
                    for (int k = 0; k < xWeights[x].length; k++) {
                        int i = source + (y * frames.width() + xStart[x] + k) * 3;
                        float w = xWeights[x][k];
                        r += w * (frames.rgb()[i] & 0xFF);
                        g += w * (frames.rgb()[i + 1] & 0xFF);
                        b += w * (frames.rgb()[i + 2] & 0xFF);
                    }
                    int o = (y * width + x) * 3;
                    columns[o] = r;
                    columns[o + 1] = g;
                    columns[o + 2] = b;
                }
            }
            for (int y = 0; y < height; y++) {
                java.util.Arrays.fill(row, 0);
                for (int k = 0; k < yWeights[y].length; k++) {
                    float w = yWeights[y][k];
                    int base = (yStart[y] + k) * width * 3;
                    for (int v = 0; v < row.length; v++) {
                        row[v] += w * columns[base + v];
                    }
                }
                for (int v = 0; v < row.length; v++) {
                    out[target + y * width * 3 + v] = (byte) Math.max(0, Math.min(255, Math.round(row[v])));
                }
            }
        }
        return new Frames(width, height, frames.count(), out);
    }

    /** The clip retimed from {@code sourceFps} to {@code fps}, same duration, each frame the one showing then. */
    public static Frames resample(Frames frames, double sourceFps, double fps) {
        if (sourceFps <= 0 || fps <= 0 || Math.abs(sourceFps - fps) < 1e-9) {
            return frames;
        }
        double seconds = frames.count() / sourceFps;
        int count = Math.max(1, (int) Math.round(seconds * fps));
        byte[] out = new byte[count * frames.frameBytes()];
        for (int j = 0; j < count; j++) {
            // the source frame showing at the middle of output frame j
            int i = (int) Math.min(frames.count() - 1, Math.floor((j + 0.5) / fps * sourceFps));
            System.arraycopy(frames.rgb(), frames.offset(i), out, j * frames.frameBytes(), frames.frameBytes());
        }
        return new Frames(frames.width(), frames.height(), count, out);
    }

    /**
     * Per output pixel, the weights of the source pixels from {@link #starts}: downscaling averages the source
     * interval [i * s, (i + 1) * s) it covers (s = source / target); upscaling interpolates linearly between the two
     * source pixels around the output pixel's centre.
     */
    private static float[][] weights(int source, int target) {
        double scale = source / (double) target;
        float[][] weights = new float[target][];
        for (int i = 0; i < target; i++) {
            if (scale < 1) {
                double x = Math.max(0, Math.min(source - 1, (i + 0.5) * scale - 0.5));
                int left = (int) Math.floor(x);
                float right = (float) (x - left);
                weights[i] = left + 1 < source ? new float[] {1 - right, right} : new float[] {1f};
                continue;
            }
            double from = i * scale;
            double to = Math.min(source, (i + 1) * scale);
            int first = (int) Math.floor(from);
            int last = (int) Math.ceil(to) - 1;
            weights[i] = new float[last - first + 1];
            for (int k = first; k <= last; k++) {
                double covered = Math.min(to, k + 1) - Math.max(from, k);
                weights[i][k - first] = (float) (covered / scale);
            }
        }
        return weights;
    }

    private static int[] starts(int source, int target) {
        double scale = source / (double) target;
        int[] starts = new int[target];
        for (int i = 0; i < target; i++) {
            starts[i] = scale < 1
                    ? (int) Math.floor(Math.max(0, Math.min(source - 1, (i + 0.5) * scale - 0.5)))
                    : (int) Math.floor(i * scale);
        }
        return starts;
    }
}

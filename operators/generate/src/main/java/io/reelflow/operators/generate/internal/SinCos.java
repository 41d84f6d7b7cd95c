package io.reelflow.operators.generate.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Fixed sinusoidal encodings. Positions are computed for whatever grid a request has, so one set of weights serves
 * every aspect ratio and frame count (as in DiT's 2D and Latte's temporal encodings).
 */
final class SinCos {

    private static final double MAX_PERIOD = 10000;

    private SinCos() {}

    /**
     * Position of every patch, (frames * rows * columns, width) flattened as (t, s): the temporal encoding of t plus
     * a spatial encoding whose first half encodes the row and second half the column.
     */
    static float[] spacetime(int frames, int rows, int columns, int width) {
        int half = width / 2;
        float[] time = table(frames, width);
        float[] row = table(rows, half);
        float[] column = table(columns, half);
        int spatial = rows * columns;
        float[] out = new float[frames * spatial * width];
        for (int t = 0; t < frames; t++) {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < columns; c++) {
                    int base = (t * spatial + r * columns + c) * width;
                    for (int i = 0; i < half; i++) {
                        out[base + i] = time[t * width + i] + row[r * half + i];
                        out[base + half + i] = time[t * width + half + i] + column[c * half + i];
                    }
                }
            }
        }
        return out;
    }

    /** Rows p = 0..positions-1 of [sin(p * w_0..w_{n/2-1}), cos(...)] with w_i = 10000^(-i / (n/2)). */
    private static float[] table(int positions, int length) {
        int half = length / 2;
        float[] out = new float[positions * length];
        for (int i = 0; i < half; i++) {
            double frequency = Math.pow(MAX_PERIOD, -i / (double) half);
            for (int p = 0; p < positions; p++) {
                out[p * length + i] = (float) Math.sin(p * frequency);
                out[p * length + half + i] = (float) Math.cos(p * frequency);
            }
        }
        return out;
    }

    /** DiT's timestep embedding: [cos(t * f_i), sin(t * f_i)] with f_i = 10000^(-i / half), (batch, dimensions). */
    static NDArray timestep(NDArray timesteps, int dimensions) {
        int half = dimensions / 2;
        float[] frequencies = new float[half];
        for (int i = 0; i < half; i++) {
            frequencies[i] = (float) Math.exp(-Math.log(MAX_PERIOD) * i / half);
        }
        long batch = timesteps.getShape().get(0);
        NDArray angles = timesteps.reshape(batch, 1)
                .mul(timesteps.getManager().create(frequencies, new Shape(1, half)));
        return angles.cos().concat(angles.sin(), 1);
    }
}

package io.reelflow.operators.moderation.djl.internal;

/** How a model's raw outputs become probabilities ({@code activation} in a classifier's configuration). */
public enum Activation {
    /** Each output on its own: multi-label models. */
    SIGMOID,
    /** Across all outputs, {@code safe} ones included: single-label models. */
    SOFTMAX,
    /** The model outputs probabilities already. */
    NONE;

    public static Activation of(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }

    /** Probabilities of finite {@code outputs}. */
    public double[] apply(float[] outputs) {
        double[] p = new double[outputs.length];
        switch (this) {
            case SIGMOID -> {
                for (int i = 0; i < p.length; i++) {
                    p[i] = 1 / (1 + Math.exp(-outputs[i]));
                }
            }
            case SOFTMAX -> {
                double max = Double.NEGATIVE_INFINITY;
                for (float output : outputs) {
                    max = Math.max(max, output);
                }
                double sum = 0;
                for (int i = 0; i < p.length; i++) {
                    p[i] = Math.exp(outputs[i] - max);
                    sum += p[i];
                }
                for (int i = 0; i < p.length; i++) {
                    p[i] /= sum;
                }
            }
            case NONE -> {
                for (int i = 0; i < p.length; i++) {
                    p[i] = outputs[i];
                }
            }
        }
        return p;
    }
}

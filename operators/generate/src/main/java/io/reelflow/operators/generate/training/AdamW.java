package io.reelflow.operators.generate.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * AdamW (decoupled weight decay) with global-norm gradient clipping, over a fixed list of parameters. The moments
 * are plain arrays so a checkpoint can save and restore them exactly.
 */
final class AdamW {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final List<NDArray> parameters;
    private final float[] rateScales;
    private final List<NDArray> first = new ArrayList<>();
    private final List<NDArray> second = new ArrayList<>();

    /** @param rateScales each parameter's learning rate (and decay) relative to the step's; 0 leaves it as it is */
    AdamW(NDManager manager, List<NDArray> parameters, float[] rateScales) {
        if (rateScales.length != parameters.size()) {
            throw new IllegalArgumentException(rateScales.length + " rate scales for " + parameters.size() + " parameters");
        }
        this.parameters = parameters;
        this.rateScales = rateScales.clone();
        for (NDArray parameter : parameters) {
            first.add(manager.zeros(parameter.getShape()));
            second.add(manager.zeros(parameter.getShape()));
        }
    }

    List<NDArray> firstMoments() {
        return first;
    }

    List<NDArray> secondMoments() {
        return second;
    }

    /**
     * Applies step {@code step} (0-based) from the parameters' gradients, which are then zeroed. Returns the global
     * gradient norm before clipping; if it is not finite, nothing is updated (as a loss scaler skips an overflowed
     * step) and the caller decides whether to go on.
     */
    double update(int step, double learningRate, double weightDecay, double clip) {
        try (NDManager scratch = parameters.get(0).getManager().newSubManager()) {
            List<NDArray> gradients = new ArrayList<>();
            double squares = 0;
            for (NDArray parameter : parameters) {
                NDArray gradient = parameter.getGradient();
                gradient.attach(scratch);
                gradients.add(gradient);
                NDArray square = gradient.square().sum();
                square.attach(scratch);
                squares += square.getFloat();
            }
            double norm = Math.sqrt(squares);
            if (!Double.isFinite(norm)) {
                for (NDArray g : gradients) {
                    g.set(new NDIndex("..."), 0f); // g - g would leave inf - inf = NaN behind
                }
                return norm;
            }
            float scale = (float) (clip > 0 && norm > clip ? clip / norm : 1);
            double correction1 = 1 - Math.pow(BETA1, step + 1);
            double correction2 = 1 - Math.pow(BETA2, step + 1);
            float stepSize = (float) (learningRate * Math.sqrt(correction2) / correction1);
            for (int i = 0; i < parameters.size(); i++) {
                NDArray g = gradients.get(i);
                if (rateScales[i] == 0) {
                    g.subi(g);
                    continue;
                }
                float decay = (float) (1 - learningRate * rateScales[i] * weightDecay);
                if (scale != 1) {
                    g.muli(scale);
                }
                NDArray scaled = g.mul(1 - BETA1);
                scaled.attach(scratch);
                first.get(i).muli(BETA1).addi(scaled);
                NDArray squared = g.square().muli(1 - BETA2);
                squared.attach(scratch);
                second.get(i).muli(BETA2).addi(squared);
                NDArray denominator = second.get(i).sqrt().addi(EPSILON * (float) Math.sqrt(correction2));
                denominator.attach(scratch);
                NDArray delta = first.get(i).div(denominator).muli(stepSize * rateScales[i]);
                delta.attach(scratch);
                // a detached view shares the storage: in place, outside autograd, whatever the thread's grad mode
                NDArray parameter = parameters.get(i).stopGradient();
                parameter.attach(scratch);
                if (decay != 1 && parameter.getShape().dimension() > 1) {
                    parameter.muli(decay); // decay matrices only, not biases or norms
                }
                parameter.subi(delta);
                g.subi(g); // PyTorch accumulates gradients; DJL's collector does not clear them
            }
            return norm;
        }
    }
}

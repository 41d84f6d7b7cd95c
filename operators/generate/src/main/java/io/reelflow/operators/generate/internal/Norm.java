package io.reelflow.operators.generate.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;

/** Layer normalisation over the last axis (with an affine that starts as the identity). */
final class Norm extends ModuleBlock {

    private static final float EPSILON = 1e-6f;

    private final Shape shape;
    private final Parameter gamma;
    private final Parameter beta;

    Norm(int width) {
        shape = new Shape(width);
        gamma = parameter("gamma", Parameter.Type.GAMMA, shape, SeededInitializer.Kind.ONES);
        beta = parameter("beta", Parameter.Type.BETA, shape, SeededInitializer.Kind.ZEROS);
    }

    @Override
    protected NDArray compute(ParameterStore store, NDList inputs, boolean training) {
        NDArray x = inputs.singletonOrThrow();
        return LayerNorm.layerNorm(x, shape, value(store, gamma, x, training), value(store, beta, x, training), EPSILON)
                .singletonOrThrow();
    }
}

package io.reelflow.operators.generate.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;

/** y = x W^T + b over the last axis, any leading axes. */
final class Dense extends ModuleBlock {

    private final int out;
    private final Parameter weight;
    private final Parameter bias;

    /** Xavier-initialised. */
    Dense(int in, int out) {
        this(in, out, SeededInitializer.Kind.XAVIER_UNIFORM);
    }

    Dense(int in, int out, SeededInitializer.Kind weightInit) {
        this.out = out;
        weight = parameter("weight", Parameter.Type.WEIGHT, new Shape(out, in), weightInit);
        bias = parameter("bias", Parameter.Type.BIAS, new Shape(out), SeededInitializer.Kind.ZEROS);
    }

    int outputWidth() {
        return out;
    }

    @Override
    protected NDArray compute(ParameterStore store, NDList inputs, boolean training) {
        NDArray x = inputs.singletonOrThrow();
        return Linear.linear(x, value(store, weight, x, training), value(store, bias, x, training)).singletonOrThrow();
    }
}

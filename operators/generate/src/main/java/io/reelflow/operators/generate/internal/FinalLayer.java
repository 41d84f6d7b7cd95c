package io.reelflow.operators.generate.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;

/** adaLN-modulated norm and projection from the model width back to patch values. Inputs: x, condition. */
final class FinalLayer extends ModuleBlock {

    private final int width;
    private final Norm norm;
    private final Dense modulation;
    private final Dense project;

    FinalLayer(DitConfig config) {
        width = config.width();
        norm = addChildBlock("norm", new Norm(width));
        modulation = addChildBlock("modulation", new Dense(width, 2 * width, config.gateInit()));
        project = addChildBlock("project", new Dense(width, config.patchValues(), config.gateInit()));
    }

    @Override
    protected NDArray compute(ParameterStore store, NDList inputs, boolean training) {
        NDArray x = inputs.get(0);
        long b = x.getShape().get(0);
        NDList mod = modulation.apply(store, training, inputs.get(1)).reshape(b, 1, 1, 2 * width).split(2, 3);
        return project.apply(store, training, DitBlock.modulate(norm.apply(store, training, x), mod.get(0), mod.get(1)));
    }
}

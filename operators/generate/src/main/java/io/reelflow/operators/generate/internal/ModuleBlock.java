package io.reelflow.operators.generate.internal;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;

/**
 * A DJL block whose parameter shapes are fixed at construction. DJL infers shapes from example inputs, but this
 * model takes any grid of patches, so there is no single input shape: parameters are declared with their shapes and
 * {@link #initialize} only fills them. The parameter file then holds nothing but the parameters, in block order.
 */
abstract class ModuleBlock extends AbstractBlock {

    protected final Parameter parameter(String name, Parameter.Type type, Shape shape, SeededInitializer.Kind init) {
        return addParameter(Parameter.builder()
                .setName(name)
                .setType(type)
                .optShape(shape)
                .optInitializer(new SeededInitializer(init))
                .build());
    }

    /** Inference helper: this block's single output for {@code inputs}. */
    NDArray apply(ParameterStore store, boolean training, NDArray... inputs) {
        return forward(store, new NDList(inputs), training, null).singletonOrThrow();
    }

    static NDArray value(ParameterStore store, Parameter parameter, NDArray like, boolean training) {
        return store.getValue(parameter, like.getDevice(), training);
    }

    @Override
    public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
        beforeInitialize(inputShapes);
        for (Parameter parameter : getParameters().values()) {
            parameter.initialize(manager, dataType);
        }
    }

    @Override
    public boolean isInitialized() {
        return getParameters().values().stream().allMatch(Parameter::isInitialized);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " output shapes depend on the grid");
    }

    @Override
    protected void saveMetadata(DataOutputStream os) {}

    @Override
    protected void loadMetadata(byte loadVersion, DataInputStream is) throws MalformedModelException {
        if (loadVersion != version) {
            throw new MalformedModelException(getClass().getSimpleName() + " parameters of version " + loadVersion
                    + ", expected " + version);
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(compute(store, inputs, training));
    }

    protected abstract NDArray compute(ParameterStore store, NDList inputs, boolean training);
}

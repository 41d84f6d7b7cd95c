package io.reelflow.operators.generate.internal;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.reelflow.operators.generate.TextConditioning;
import io.reelflow.operators.generate.TextEncoder;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** Both networks of the reference model under one block, so they share one parameter file. */
public final class SpacetimeDitNetwork extends ModuleBlock {

    private final TextTransformer text;
    private final SpacetimeDit denoiser;

    public SpacetimeDitNetwork(DitConfig config) {
        text = addChildBlock("text", new TextTransformer(config.text(), config.attentionChunkElements()));
        denoiser = addChildBlock("denoiser", new SpacetimeDit(config));
    }

    TextTransformer text() {
        return text;
    }

    SpacetimeDit denoiser() {
        return denoiser;
    }

    /** Whether {@code parameter} is one of the text encoder's (rather than the denoiser's). */
    public boolean inTextEncoder(Parameter parameter) {
        return text.getParameters().values().stream().anyMatch(own -> own == parameter);
    }

    /** Fills every parameter from {@code seed} and its path, independent of engine, device and order. */
    public void initializeSeeded(NDManager manager, long seed) {
        for (Pair<String, Parameter> entry : getParameters()) {
            Parameter parameter = entry.getValue();
            SeededInitializer kind = (SeededInitializer) parameter.getInitializer();
            parameter.setInitializer(kind.withSeed(SplitMix64.derive(seed, entry.getKey())));
            parameter.initialize(manager, DataType.FLOAT32);
        }
    }

    /** Inference only: no autograd graph is recorded through the weights. */
    public void freeze() {
        getParameters().values().forEach(parameter -> parameter.freeze(true));
    }

    /** The text encoder over this network's weights; {@code training} records gradients through them. */
    public TextEncoder textEncoder(DitConfig config, ParameterStore store, boolean training) {
        return new HashTextEncoder(config.text(), text, store, training);
    }

    /**
     * The denoiser's prediction for {@code latents} (b, f, h, w, c) at {@code timesteps} (b); {@code known} (b, f) is
     * the known-frame mask and {@code previous} the last clean estimate, each null for models without it.
     */
    public NDArray denoise(ParameterStore store, boolean training, NDArray latents, NDArray timesteps,
            TextConditioning text, NDArray known, NDArray previous) {
        NDList inputs = new NDList(latents, timesteps, text.tokens(), text.mask(), text.pooled());
        if (known != null) {
            inputs.add(known);
        }
        if (previous != null) {
            inputs.add(previous);
        }
        return denoiser.forward(store, inputs, training, null).singletonOrThrow();
    }

    public long parameterCount() {
        return getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
    }

    public void save(DataOutputStream out) throws IOException {
        saveParameters(out);
    }

    public void load(NDManager manager, DataInputStream in) throws IOException, MalformedModelException {
        loadParameters(manager, in);
    }

    @Override
    protected NDArray compute(ParameterStore store, NDList inputs, boolean training) {
        throw new UnsupportedOperationException("call the text encoder and denoiser separately");
    }
}

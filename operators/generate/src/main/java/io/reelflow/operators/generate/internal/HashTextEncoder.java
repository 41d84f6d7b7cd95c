package io.reelflow.operators.generate.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.reelflow.operators.generate.TextConditioning;
import io.reelflow.operators.generate.TextEncoder;
import java.util.List;

/**
 * {@link HashedWordTokenizer} into {@link TextTransformer}. Every prompt is padded to max-tokens, so a prompt's
 * encoding does not depend on what else is in the batch.
 */
final class HashTextEncoder implements TextEncoder {

    private final HashedWordTokenizer tokenizer;
    private final int maxTokens;
    private final TextTransformer network;
    private final ParameterStore store;
    private final boolean training;

    HashTextEncoder(DitConfig.Text config, TextTransformer network, ParameterStore store, boolean training) {
        this.training = training;
        this.tokenizer = new HashedWordTokenizer(config.vocabularySize(), config.maxTokens());
        this.maxTokens = config.maxTokens();
        this.network = network;
        this.store = store;
    }

    @Override
    public TextConditioning encode(NDManager manager, List<String> prompts) {
        int batch = prompts.size();
        long[] ids = new long[batch * maxTokens];
        float[] mask = new float[batch * maxTokens];
        for (int i = 0; i < batch; i++) {
            int[] tokens = tokenizer.encode(prompts.get(i));
            for (int j = 0; j < tokens.length; j++) {
                ids[i * maxTokens + j] = tokens[j];
                mask[i * maxTokens + j] = 1;
            }
        }
        NDArray idArray = manager.create(ids, new Shape(batch, maxTokens));
        NDArray maskArray = manager.create(mask, new Shape(batch, maxTokens));
        try (Scope scope = Scope.of(idArray, maskArray)) {
            NDArray tokens = network.apply(store, training, idArray, maskArray);
            NDArray weights = maskArray.expandDims(2);
            NDArray pooled = tokens.mul(weights).sum(new int[] {1}).div(weights.sum(new int[] {1}));
            return new TextConditioning(scope.keep(tokens), maskArray, scope.keep(pooled));
        } finally {
            idArray.close();
        }
    }
}

package io.reelflow.operators.generate;

import ai.djl.ndarray.NDArray;

/**
 * Encoded prompts, one row per batch item.
 *
 * @param tokens per-token features, (batch, tokens, width), for cross-attention
 * @param mask 1 for real tokens and 0 for padding, (batch, tokens)
 * @param pooled one vector per prompt, (batch, width), for global conditioning
 */
public record TextConditioning(NDArray tokens, NDArray mask, NDArray pooled) {

    public long batchSize() {
        return tokens.getShape().get(0);
    }
}

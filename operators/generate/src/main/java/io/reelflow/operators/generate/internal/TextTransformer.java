package io.reelflow.operators.generate.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Token and position embeddings followed by pre-norm transformer layers, so a word's features depend on its
 * neighbours ("red circle on a blue background" binds colours to objects). Inputs: {@code [ids (b, l) int64, mask
 * (b, l) float]}; output: token features (b, l, width).
 */
final class TextTransformer extends ModuleBlock {

    private final Parameter tokenEmbedding;
    private final Parameter positionEmbedding;
    private final List<Layer> layers = new ArrayList<>();
    private final Norm finalNorm;

    TextTransformer(DitConfig.Text config, long chunkElements) {
        tokenEmbedding = parameter("token_embedding", Parameter.Type.WEIGHT,
                new Shape(config.vocabularySize(), config.width()), SeededInitializer.Kind.NORMAL);
        positionEmbedding = parameter("position_embedding", Parameter.Type.WEIGHT,
                new Shape(config.maxTokens(), config.width()), SeededInitializer.Kind.NORMAL);
        for (int i = 0; i < config.depth(); i++) {
            layers.add(addChildBlock("layer" + i, new Layer(config, chunkElements)));
        }
        finalNorm = addChildBlock("final_norm", new Norm(config.width()));
    }

    @Override
    protected NDArray compute(ParameterStore store, NDList inputs, boolean training) {
        NDArray ids = inputs.get(0);
        NDArray mask = inputs.get(1);
        long b = ids.getShape().get(0);
        long l = ids.getShape().get(1);
        long[] positions = new long[Math.toIntExact(l)];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = i;
        }
        NDArray x = lookup(ids, value(store, tokenEmbedding, ids, training))
                .add(lookup(ids.getManager().create(positions, new Shape(1, l)),
                        value(store, positionEmbedding, ids, training)));
        NDArray bias = paddingBias(mask);
        for (Layer layer : layers) {
            x = layer.apply(store, training, x, bias);
        }
        return finalNorm.apply(store, training, x);
    }

    /** Rows of {@code table} for {@code ids}; created in the ids' manager, never the model's. */
    private static NDArray lookup(NDArray ids, NDArray table) {
        return ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
    }

    /** 0 where mask is 1, -1e9 where it is 0, shaped (b, 1, 1, l) to add to attention scores. */
    static NDArray paddingBias(NDArray mask) {
        long b = mask.getShape().get(0);
        long l = mask.getShape().get(1);
        return mask.sub(1).mul(1e9f).reshape(b, 1, 1, l);
    }

    private static final class Layer extends ModuleBlock {
        private final Norm attentionNorm;
        private final Attention attention;
        private final Norm mlpNorm;
        private final Dense mlpIn;
        private final Dense mlpOut;

        Layer(DitConfig.Text config, long chunkElements) {
            int width = config.width();
            attentionNorm = addChildBlock("attention_norm", new Norm(width));
            attention = addChildBlock("attention", Attention.self(width, config.heads(), chunkElements));
            mlpNorm = addChildBlock("mlp_norm", new Norm(width));
            mlpIn = addChildBlock("mlp_in", new Dense(width, 4 * width));
            mlpOut = addChildBlock("mlp_out", new Dense(4 * width, width));
        }

        @Override
        protected NDArray compute(ParameterStore store, NDList inputs, boolean training) {
            NDArray x = inputs.get(0);
            NDArray h = attention.apply(store, training, attentionNorm.apply(store, training, x), inputs.get(1));
            x = x.add(h);
            h = mlpOut.apply(store, training, Activation.gelu(mlpIn.apply(store, training, mlpNorm.apply(store, training, x))));
            return x.add(h);
        }
    }
}

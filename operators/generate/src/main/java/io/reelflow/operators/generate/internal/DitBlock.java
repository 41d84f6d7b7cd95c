package io.reelflow.operators.generate.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;

/**
 * One spacetime block: self-attention, cross-attention to the text tokens, then an MLP. Self-attention is either
 * factorised (STDiT-style: spatial among the patches of each frame group, then temporal along each patch position;
 * cost grows with frames + patches per frame per token) or one attention over all of the clip's patches (cost grows
 * with the clip's patch count per token). The timestep-and-pooled-text condition modulates each self-attention and
 * the MLP (adaLN: shift, scale, gate).
 *
 * <p>Inputs: {@code [x (b, t, s, width), condition (b, width) after SiLU, context (b, l, width), bias (b, 1, 1, l)]}.
 */
final class DitBlock extends ModuleBlock {

    private final int modulations;
    private final boolean spacetime;
    private final int width;
    private final long chunkElements;
    private final Norm spatialNorm;
    private final Attention spatial;
    private final Norm temporalNorm;
    private final Attention temporal;
    private final Norm crossNorm;
    private final Attention cross;
    private final Norm mlpNorm;
    private final Dense mlpIn;
    private final Dense mlpOut;
    private final Dense modulation;

    DitBlock(DitConfig config) {
        width = config.width();
        chunkElements = config.attentionChunkElements();
        int heads = config.heads();
        spacetime = config.attention() == DitConfig.AttentionLayout.SPACETIME;
        modulations = spacetime ? 6 : 9;
        // The spacetime layout reuses the spatial slot (over all patches) and has no temporal part.
        spatialNorm = addChildBlock(spacetime ? "spacetime_norm" : "spatial_norm", new Norm(width));
        spatial = addChildBlock(spacetime ? "spacetime" : "spatial", Attention.self(width, heads, chunkElements));
        temporalNorm = spacetime ? null : addChildBlock("temporal_norm", new Norm(width));
        temporal = spacetime ? null : addChildBlock("temporal", Attention.self(width, heads, chunkElements));
        crossNorm = addChildBlock("cross_norm", new Norm(width));
        cross = addChildBlock("cross", Attention.cross(width, width, heads, chunkElements));
        mlpNorm = addChildBlock("mlp_norm", new Norm(width));
        mlpIn = addChildBlock("mlp_in", new Dense(width, config.mlpRatio() * width));
        mlpOut = addChildBlock("mlp_out", new Dense(config.mlpRatio() * width, width));
        modulation = addChildBlock("modulation", new Dense(width, modulations * width, config.gateInit()));
    }

    @Override
    protected NDArray compute(ParameterStore store, NDList inputs, boolean training) {
        NDArray x = inputs.get(0);
        NDArray condition = inputs.get(1);
        NDArray context = inputs.get(2);
        NDArray bias = inputs.get(3);
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        long s = x.getShape().get(2);
        NDList mod = modulation.apply(store, training, condition).reshape(b, 1, 1, modulations * width)
                .split(modulations, 3);

        NDArray afterSpatial;
        try (Scope scope = Scope.of(x)) {
            NDArray h = modulate(spatialNorm.apply(store, training, x), mod.get(0), mod.get(1))
                    .reshape(spacetime ? b : b * t, spacetime ? t * s : s, width);
            h = spatial.apply(store, training, h).reshape(b, t, s, width);
            afterSpatial = scope.keep(x.add(h.muli(mod.get(2))));
        }
        if (spacetime) {
            NDArray afterCross = cross(store, afterSpatial, context, bias, training);
            afterSpatial.close();
            return mlp(store, afterCross, mod.get(3), mod.get(4), mod.get(5), training);
        }
        NDArray afterTemporal;
        try (Scope scope = Scope.of(afterSpatial)) {
            NDArray h = modulate(temporalNorm.apply(store, training, afterSpatial), mod.get(3), mod.get(4))
                    .transpose(0, 2, 1, 3)
                    .reshape(b * s, t, width);
            h = temporal.apply(store, training, h).reshape(b, s, t, width).transpose(0, 2, 1, 3);
            afterTemporal = scope.keep(afterSpatial.add(h.muli(mod.get(5))));
        }
        afterSpatial.close();
        NDArray afterCross = cross(store, afterTemporal, context, bias, training);
        afterTemporal.close();
        return mlp(store, afterCross, mod.get(6), mod.get(7), mod.get(8), training);
    }

    private NDArray cross(ParameterStore store, NDArray x, NDArray context, NDArray bias, boolean training) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        long s = x.getShape().get(2);
        try (Scope scope = Scope.of(x)) {
            NDArray h = crossNorm.apply(store, training, x).reshape(b, t * s, width);
            h = cross.apply(store, training, h, context, bias).reshape(b, t, s, width);
            return scope.keep(x.add(h));
        }
    }

    /** x + gate * MLP(modulated norm(x)), in chunks of frame groups so the 4x-wide hidden layer stays bounded. */
    private NDArray mlp(ParameterStore store, NDArray x, NDArray shift, NDArray scale, NDArray gate, boolean training) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        long s = x.getShape().get(2);
        long rows = Math.max(1, chunkElements / (b * s * mlpIn.outputWidth()));
        NDList parts = new NDList();
        for (long start = 0; start < t; start += rows) {
            try (Scope scope = Scope.of(x)) {
                NDArray part = rows >= t ? x : x.get(new NDIndex(":, {}:{}", start, Math.min(t, start + rows)));
                NDArray h = mlpIn.apply(store, training, modulate(mlpNorm.apply(store, training, part), shift, scale));
                h = mlpOut.apply(store, training, Activation.gelu(h));
                parts.add(scope.keep(part.add(h.muli(gate))));
            }
        }
        if (parts.size() == 1) {
            return parts.singletonOrThrow();
        }
        NDArray joined = NDArrays.concat(parts, 1);
        parts.close();
        return joined;
    }

    static NDArray modulate(NDArray normalized, NDArray shift, NDArray scale) {
        return normalized.mul(scale).addi(normalized).addi(shift); // in place: one allocation, not three
    }
}

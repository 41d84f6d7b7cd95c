package io.reelflow.operators.generate.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.ParameterStore;

/**
 * Multi-head attention, self or cross. Work is split into chunks (of sequences for self-attention, of queries for
 * cross-attention) so the score tensor never exceeds {@code chunkElements}: memory stays bounded however many frames
 * or patches a request has.
 *
 * <p>Inputs: self {@code [x (n, s, width)]} or {@code [x, bias (n, 1, 1, s)]}; cross {@code [x, context (n, l,
 * contextWidth), bias (n, 1, 1, l)]}. The bias is 0 for tokens to attend to and a large negative number for padding.
 */
final class Attention extends ModuleBlock {

    private final boolean cross;
    private final int width;
    private final int heads;
    private final long chunkElements;
    private final Dense qkv;
    private final Dense query;
    private final Dense keyValue;
    private final Dense out;

    private Attention(boolean cross, int width, int contextWidth, int heads, long chunkElements) {
        if (width % heads != 0) {
            throw new IllegalArgumentException("width " + width + " is not a multiple of heads " + heads);
        }
        this.cross = cross;
        this.width = width;
        this.heads = heads;
        this.chunkElements = chunkElements;
        this.qkv = cross ? null : addChildBlock("qkv", new Dense(width, 3 * width));
        this.query = cross ? addChildBlock("query", new Dense(width, width)) : null;
        this.keyValue = cross ? addChildBlock("key_value", new Dense(contextWidth, 2 * width)) : null;
        this.out = addChildBlock("out", new Dense(width, width));
    }

    static Attention self(int width, int heads, long chunkElements) {
        return new Attention(false, width, width, heads, chunkElements);
    }

    static Attention cross(int width, int contextWidth, int heads, long chunkElements) {
        return new Attention(true, width, contextWidth, heads, chunkElements);
    }

    @Override
    protected NDArray compute(ParameterStore store, NDList inputs, boolean training) {
        return cross
                ? cross(store, inputs.get(0), inputs.get(1), inputs.get(2), training)
                : self(store, inputs.get(0), inputs.size() > 1 ? inputs.get(1) : null, training);
    }

    private NDArray self(ParameterStore store, NDArray x, NDArray bias, boolean training) {
        long n = x.getShape().get(0);
        long s = x.getShape().get(1);
        long rows = Math.max(1, chunkElements / (heads * s * s));
        if (rows >= n) {
            return selfChunk(store, x, bias, training);
        }
        NDList parts = new NDList();
        for (long start = 0; start < n; start += rows) {
            NDIndex index = new NDIndex("{}:{}", start, Math.min(n, start + rows));
            try (Scope scope = Scope.of(x, bias)) {
                NDArray part = selfChunk(store, x.get(index), bias == null ? null : bias.get(index), training);
                parts.add(scope.keep(part));
            }
        }
        return concatAndClose(parts, 0);
    }

    private NDArray selfChunk(ParameterStore store, NDArray x, NDArray bias, boolean training) {
        long n = x.getShape().get(0);
        long s = x.getShape().get(1);
        NDArray projected = qkv.apply(store, training, x)
                .reshape(n, s, 3, heads, width / heads)
                .transpose(2, 0, 3, 1, 4);
        return attend(store, projected.get(0), projected.get(1).swapAxes(2, 3), projected.get(2), bias, training);
    }

    private NDArray cross(ParameterStore store, NDArray x, NDArray context, NDArray bias, boolean training) {
        long n = x.getShape().get(0);
        long s = x.getShape().get(1);
        long l = context.getShape().get(1);
        NDArray kv = keyValue.apply(store, training, context)
                .reshape(n, l, 2, heads, width / heads)
                .transpose(2, 0, 3, 1, 4);
        NDArray keysT = kv.get(0).swapAxes(2, 3);
        NDArray values = kv.get(1);
        long columns = Math.max(1, chunkElements / (n * heads * l));
        NDList parts = new NDList();
        for (long start = 0; start < s; start += columns) {
            long end = Math.min(s, start + columns);
            try (Scope scope = Scope.of(x)) {
                NDArray q = query.apply(store, training, columns >= s ? x : x.get(new NDIndex(":, {}:{}", start, end)))
                        .reshape(n, end - start, heads, width / heads)
                        .transpose(0, 2, 1, 3);
                parts.add(scope.keep(attend(store, q, keysT, values, bias, training)));
            }
        }
        return parts.size() == 1 ? parts.singletonOrThrow() : concatAndClose(parts, 1);
    }

    /** softmax(q k^T / sqrt(d) + bias) v for (n, heads, s, d) queries, projected back to (n, s, width). */
    private NDArray attend(
            ParameterStore store, NDArray q, NDArray keysT, NDArray v, NDArray bias, boolean training) {
        long n = q.getShape().get(0);
        long s = q.getShape().get(2);
        NDArray scores = q.mul((float) (1 / Math.sqrt(width / (double) heads))).matMul(keysT);
        if (bias != null) {
            scores.addi(bias);
        }
        NDArray mixed = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(n, s, width);
        return out.apply(store, training, mixed);
    }

    private static NDArray concatAndClose(NDList parts, int axis) {
        NDArray joined = NDArrays.concat(parts, axis);
        parts.close();
        return joined;
    }
}

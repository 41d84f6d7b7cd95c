package io.reelflow.operators.generate.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;

/**
 * Initial values from {@link SplitMix64}, seeded per parameter, so every process builds bit-identical untrained
 * weights regardless of engine, device or initialisation order.
 */
final class SeededInitializer implements Initializer {

    enum Kind {
        ZEROS,
        ONES,
        /** N(0, 0.02^2), for embeddings and (when not zero-initialised) gates and output projections. */
        NORMAL,
        /** Xavier/Glorot uniform over (out, in) weights, as DiT initialises its linear layers. */
        XAVIER_UNIFORM
    }

    private static final double NORMAL_STD = 0.02;

    private final Kind kind;
    private final long seed;

    SeededInitializer(Kind kind) {
        this(kind, 0);
    }

    private SeededInitializer(Kind kind, long seed) {
        this.kind = kind;
        this.seed = seed;
    }

    SeededInitializer withSeed(long newSeed) {
        return new SeededInitializer(kind, newSeed);
    }

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        int size = Math.toIntExact(shape.size());
        float[] values = new float[size];
        SplitMix64 random = new SplitMix64(seed);
        switch (kind) {
            case ZEROS -> { }
            case ONES -> java.util.Arrays.fill(values, 1f);
            case NORMAL -> {
                for (int i = 0; i < size; i++) {
                    values[i] = (float) (random.nextGaussian() * NORMAL_STD);
                }
            }
            case XAVIER_UNIFORM -> {
                long fanOut = shape.get(0);
                long fanIn = size / fanOut;
                double bound = Math.sqrt(6.0 / (fanIn + fanOut));
                for (int i = 0; i < size; i++) {
                    values[i] = (float) ((2 * random.nextDouble() - 1) * bound);
                }
            }
        }
        return manager.create(values, shape).toType(dataType, false);
    }
}

package io.reelflow.operators.generate.internal;

/**
 * A small, fully specified random generator (SplitMix64 with Box-Muller normals through {@link StrictMath}), used for
 * sampling noise and weight initialisation so a seed gives the same numbers on every JVM, device and release.
 */
public final class SplitMix64 {

    private long state;
    private double spare = Double.NaN;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Standard normal. */
    public double nextGaussian() {
        if (!Double.isNaN(spare)) {
            double value = spare;
            spare = Double.NaN;
            return value;
        }
        double radius = StrictMath.sqrt(-2 * StrictMath.log(1 - nextDouble()));
        double angle = 2 * StrictMath.PI * nextDouble();
        spare = radius * StrictMath.sin(angle);
        return radius * StrictMath.cos(angle);
    }

    /** {@code count} standard normals from {@code seed}, in order. */
    public static float[] gaussians(long seed, int count) {
        SplitMix64 random = new SplitMix64(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    /** Mixes a seed with a name (e.g. a parameter path) into an independent stream's seed. */
    public static long derive(long seed, String name) {
        long hash = 0xCBF29CE484222325L; // FNV-1a 64
        for (int i = 0; i < name.length(); i++) {
            hash = (hash ^ name.charAt(i)) * 0x100000001B3L;
        }
        return new SplitMix64(seed ^ hash).nextLong();
    }
}

package io.reelflow.operators.moderation.frames;

import io.reelflow.operators.moderation.frames.internal.LumaGrid;
import io.reelflow.pipeline.Frames;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * 64-bit perceptual hashes of a frame, of any size: similar pictures get hashes a few bits apart, so a re-encoded,
 * resized or slightly cropped copy of an image lands near the original's hash. Bits are written most significant
 * first, in row-major order of the 8x8 features; written as 16 lowercase hex digits.
 */
public final class PerceptualHash {

    /** pHash's grid: 32x32 cells, of which the 8x8 lowest DCT frequencies are kept. */
    private static final int DCT_SIZE = 32;
    private static final int KEPT = 8;
    private static final double[][] COSINES = cosines();
    /** Differences smaller than this are rounding noise (a flat picture has none), not features. */
    private static final double NOISE = 1e-6;
    /** Standard deviation of the 32x32 luma below which a picture is too flat for its hash to say anything. */
    private static final double FLAT_STDDEV = 2.0;
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{16}");

    private PerceptualHash() {}

    public static long hash(HashAlgorithm algorithm, Frames frames, int index) {
        return switch (algorithm) {
            case PHASH -> phash(frames, index);
            case DHASH -> dhash(frames, index);
        };
    }

    /** pHash: the 8x8 lowest frequencies of a 32x32 luma DCT-II, each against their median. */
    public static long phash(Frames frames, int index) {
        double[] grid = LumaGrid.of(frames, index, DCT_SIZE, DCT_SIZE);
        double[] rows = new double[DCT_SIZE * KEPT]; // [y][u]: each row's horizontal frequencies
        for (int y = 0; y < DCT_SIZE; y++) {
            for (int u = 0; u < KEPT; u++) {
                double sum = 0;
                for (int x = 0; x < DCT_SIZE; x++) {
                    sum += grid[y * DCT_SIZE + x] * COSINES[u][x];
                }
                rows[y * KEPT + u] = sum;
            }
        }
        double[] low = new double[KEPT * KEPT]; // [v][u]
        for (int v = 0; v < KEPT; v++) {
            for (int u = 0; u < KEPT; u++) {
                double sum = 0;
                for (int y = 0; y < DCT_SIZE; y++) {
                    sum += COSINES[v][y] * rows[y * KEPT + u];
                }
                low[v * KEPT + u] = Math.abs(sum) < NOISE ? 0 : sum;
            }
        }
        double[] sorted = low.clone();
        Arrays.sort(sorted);
        double median = (sorted[31] + sorted[32]) / 2;
        long hash = 0;
        for (double coefficient : low) {
            hash = hash << 1 | (coefficient > median ? 1 : 0);
        }
        return hash;
    }

    /** dHash: whether each of a 9x8 luma grid's cells is brighter than the one to its left. */
    public static long dhash(Frames frames, int index) {
        double[] grid = LumaGrid.of(frames, index, KEPT + 1, KEPT);
        long hash = 0;
        for (int y = 0; y < KEPT; y++) {
            for (int x = 0; x < KEPT; x++) {
                int cell = y * (KEPT + 1) + x;
                hash = hash << 1 | (grid[cell + 1] - grid[cell] > NOISE ? 1 : 0);
            }
        }
        return hash;
    }

    /**
     * Whether frame {@code index} is too flat to hash usefully (a black or single-colour frame): every flat picture
     * hashes alike, so an entry made from one would match them all.
     */
    public static boolean flat(Frames frames, int index) {
        double[] grid = LumaGrid.of(frames, index, DCT_SIZE, DCT_SIZE);
        double mean = Arrays.stream(grid).average().orElse(0);
        double variance = Arrays.stream(grid).map(v -> (v - mean) * (v - mean)).average().orElse(0);
        return Math.sqrt(variance) < FLAT_STDDEV;
    }

    /** Bits in which two hashes differ, 0-64. */
    public static int distance(long a, long b) {
        return Long.bitCount(a ^ b);
    }

    public static String hex(long hash) {
        return HexFormat.of().toHexDigits(hash);
    }

    /** The hash of 16 hex digits (either case). */
    public static long parseHex(String hex) {
        if (!HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("'" + hex + "' is not 16 hex digits");
        }
        return Long.parseUnsignedLong(hex.toLowerCase(Locale.ROOT), 16);
    }

    /** cos(pi (2x + 1) u / 64) for the kept frequencies u: DCT-II's basis; its scale does not change the median. */
    private static double[][] cosines() {
        double[][] table = new double[KEPT][DCT_SIZE];
        for (int u = 0; u < KEPT; u++) {
            for (int x = 0; x < DCT_SIZE; x++) {
                table[u][x] = Math.cos(Math.PI * (2 * x + 1) * u / (2.0 * DCT_SIZE));
            }
        }
        return table;
    }
}

package io.reelflow.operators.generate.internal;

import java.util.List;

/**
 * Chooses a native frame size, a whole number of patches each way, for a requested output size. The encoder later
 * scales the native frames to exactly the requested size (never cropping), so any aspect difference becomes a slight
 * stretch. Rule: among grids whose area is within [areaMin, areaMax] of the target, take those whose aspect error is
 * within the tolerance and pick the one closest in area; if there are none, take the smallest aspect error.
 */
public final class NativeSizer {

    /** A native frame size and its relative aspect error against the request. */
    public record Size(int width, int height, double aspectError) {}

    private final DitConfig.Sizing sizing;
    private final int patchH;
    private final int patchW;
    private final List<int[]> buckets;

    public NativeSizer(DitConfig.Sizing sizing, int patchH, int patchW) {
        this(sizing, patchH, patchW, List.of());
    }

    /**
     * With {@code buckets} (width, height pairs the model was trained at), every request gets the bucket nearest in
     * aspect ratio: a model sees only sizes it knows, at the cost of a slight stretch for aspects between buckets.
     */
    public NativeSizer(DitConfig.Sizing sizing, int patchH, int patchW, List<int[]> buckets) {
        this.sizing = sizing;
        this.patchH = patchH;
        this.patchW = patchW;
        for (int[] bucket : buckets) {
            if (bucket.length != 2 || bucket[0] % patchW != 0 || bucket[1] % patchH != 0 || bucket[0] <= 0) {
                throw new IllegalArgumentException("aspect bucket " + java.util.Arrays.toString(bucket)
                        + " is not a positive whole number of " + patchW + "x" + patchH + " patches");
            }
        }
        this.buckets = List.copyOf(buckets);
    }

    public Size image(int width, int height) {
        return buckets.isEmpty() ? choose(width, height, sizing.imagePixels()) : nearestBucket(width, height);
    }

    public Size video(int width, int height) {
        return buckets.isEmpty() ? choose(width, height, sizing.videoPixels()) : nearestBucket(width, height);
    }

    private Size nearestBucket(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("size must be positive: " + width + "x" + height);
        }
        double aspect = width / (double) height;
        Size best = null;
        for (int[] bucket : buckets) {
            double error = Math.abs(bucket[0] / (double) bucket[1] / aspect - 1);
            if (best == null || Math.abs(Math.log(bucket[0] / (double) bucket[1] / aspect))
                    < Math.abs(Math.log(best.width() / (double) best.height() / aspect))) {
                best = new Size(bucket[0], bucket[1], error);
            }
        }
        return best;
    }

    Size choose(int width, int height, int targetPixels) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("size must be positive: " + width + "x" + height);
        }
        double aspect = width / (double) height;
        double patchArea = (double) patchH * patchW;
        int maxRows = (int) Math.max(1, Math.floor(sizing.areaMax() * targetPixels / patchArea));
        Size withinTolerance = null;
        double bestAreaDistance = Double.MAX_VALUE;
        Size leastError = null;
        for (int rows = 1; rows <= maxRows; rows++) {
            double exactColumns = rows * patchH * aspect / patchW;
            for (int columns : new int[] {(int) Math.floor(exactColumns), (int) Math.ceil(exactColumns)}) {
                double area = (double) rows * columns * patchArea / targetPixels;
                if (columns < 1 || area < sizing.areaMin() || area > sizing.areaMax()) {
                    continue;
                }
                Size size = new Size(columns * patchW, rows * patchH,
                        Math.abs((columns * patchW) / (double) (rows * patchH) / aspect - 1));
                double areaDistance = Math.abs(Math.log(area));
                if (size.aspectError() <= sizing.aspectTolerance() && areaDistance < bestAreaDistance) {
                    withinTolerance = size;
                    bestAreaDistance = areaDistance;
                }
                if (leastError == null || size.aspectError() < leastError.aspectError()) {
                    leastError = size;
                }
            }
        }
        if (withinTolerance != null) {
            return withinTolerance;
        }
        if (leastError == null) {
            throw new IllegalArgumentException("no native grid for " + width + "x" + height);
        }
        return leastError;
    }
}

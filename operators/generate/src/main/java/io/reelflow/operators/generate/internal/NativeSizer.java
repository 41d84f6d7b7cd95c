package io.reelflow.operators.generate.internal;

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

    public NativeSizer(DitConfig.Sizing sizing, int patchH, int patchW) {
        this.sizing = sizing;
        this.patchH = patchH;
        this.patchW = patchW;
    }

    public Size image(int width, int height) {
        return choose(width, height, sizing.imagePixels());
    }

    public Size video(int width, int height) {
        return choose(width, height, sizing.videoPixels());
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

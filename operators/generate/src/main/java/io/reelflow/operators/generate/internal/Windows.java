package io.reelflow.operators.generate.internal;

/**
 * Plans the next sampling window over a {@link Timeline} for a model that samples at most {@code size} frames at
 * once: the window holds the next run of frames to generate plus up to {@code context} given frames on each side, so
 * every seam is generated with the frames across it in view. Long videos are chunked extension: each window after
 * the first starts with the previous window's last frames.
 */
final class Windows {

    /** Frames {@code [start, end)} of the timeline; frames in it that are given stay as they are. */
    record Window(int start, int end) {
        int frames() {
            return end - start;
        }
    }

    private Windows() {}

    /**
     * The next window, or null when nothing is left to generate. Goes forward in time, except that a timeline given
     * only at its end (extending backward) is generated from the end towards the start.
     */
    static Window next(Timeline timeline, int size, int context) {
        int firstMissing = -1;
        int lastMissing = -1;
        for (int i = 0; i < timeline.count(); i++) {
            if (!timeline.given(i)) {
                lastMissing = i;
                if (firstMissing < 0) {
                    firstMissing = i;
                }
            }
        }
        if (firstMissing < 0) {
            return null;
        }
        boolean backward = firstMissing == 0 && lastMissing < timeline.count() - 1;
        if (!backward) {
            return forward(timeline, firstMissing, size, context);
        }
        int after = Math.min(context, timeline.count() - 1 - lastMissing);
        int generate = Math.min(lastMissing + 1, size - after);
        return new Window(lastMissing + 1 - generate, lastMissing + 1 + after);
    }

    private static Window forward(Timeline timeline, int first, int size, int context) {
        int before = 0;
        while (before < context && first - before - 1 >= 0 && timeline.given(first - before - 1)) {
            before++;
        }
        int run = 0;
        while (first + run < timeline.count() && !timeline.given(first + run)) {
            run++;
        }
        int after = 0;
        while (after < context && first + run + after < timeline.count() && timeline.given(first + run + after)) {
            after++;
        }
        if (before + run + after <= size) {
            return new Window(first - before, first + run + after); // the whole gap, bracketed on both sides
        }
        // leave at least one frame for a last window that sees the frames after the gap
        int generate = Math.min(size - before, after > 0 ? run - 1 : run);
        return new Window(first - before, first + generate);
    }
}

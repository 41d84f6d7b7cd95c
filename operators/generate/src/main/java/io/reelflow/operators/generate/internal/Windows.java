package io.reelflow.operators.generate.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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

    /** Every window, in sampling order, as {@link #next} gives them while each window's frames get generated. */
    static List<Window> plan(Timeline timeline, int size, int context) {
        boolean[] given = new boolean[timeline.count()];
        for (int i = 0; i < given.length; i++) {
            given[i] = timeline.given(i);
        }
        List<Window> windows = new ArrayList<>();
        for (Window w = next(given, size, context); w != null; w = next(given, size, context)) {
            windows.add(w);
            Arrays.fill(given, w.start(), w.end(), true);
        }
        return windows;
    }

    /**
     * The next window, or null when nothing is left to generate. Goes forward in time, except that a timeline given
     * only at its end (extending backward) is generated from the end towards the start. Windows are filled to
     * {@code size} with more given frames where there are some, so the model mostly sees the clip lengths it was
     * trained on.
     */
    private static Window next(boolean[] timeline, int size, int context) {
        int firstMissing = -1;
        int lastMissing = -1;
        for (int i = 0; i < timeline.length; i++) {
            if (!timeline[i]) {
                lastMissing = i;
                if (firstMissing < 0) {
                    firstMissing = i;
                }
            }
        }
        if (firstMissing < 0) {
            return null;
        }
        boolean backward = firstMissing == 0 && lastMissing < timeline.length - 1;
        return backward ? backward(timeline, lastMissing, size, context) : forward(timeline, firstMissing, size, context);
    }

    private static Window forward(boolean[] timeline, int first, int size, int context) {
        int givenBefore = givenRun(timeline, first - 1, -1);
        int run = 0;
        while (first + run < timeline.length && !timeline[first + run]) {
            run++;
        }
        int after = Math.min(context, givenRun(timeline, first + run, 1));
        int before = Math.min(context, givenBefore);
        int generate;
        if (before + run + after <= size) {
            generate = run; // the whole gap, bracketed on both sides
        } else if (after > 0) {
            // leave a last window of full size that sees the frames after the gap
            generate = Math.max(1, Math.min(size - before, run - (size - context - after)));
        } else {
            generate = size - before;
        }
        int end = first + generate + (generate == run ? after : 0);
        int start = first - Math.min(givenBefore, Math.max(before, size - (end - first)));
        return new Window(start, end);
    }

    private static Window backward(boolean[] timeline, int last, int size, int context) {
        int givenAfter = givenRun(timeline, last + 1, 1);
        int generate = Math.min(last + 1, size - Math.min(context, givenAfter));
        int after = Math.min(givenAfter, size - generate);
        return new Window(last + 1 - generate, last + 1 + after);
    }

    /** How many given frames there are from {@code from} on, stepping by {@code direction}. */
    private static int givenRun(boolean[] timeline, int from, int direction) {
        int count = 0;
        for (int i = from; i >= 0 && i < timeline.length && timeline[i]; i += direction) {
            count++;
        }
        return count;
    }
}

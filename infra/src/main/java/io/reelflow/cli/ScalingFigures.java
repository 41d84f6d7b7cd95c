package io.reelflow.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

/** The scaling benchmark's arithmetic: throughput of a burst, medians, and request ids spread evenly over subtasks. */
final class ScalingFigures {

    private ScalingFigures() {}

    /**
     * Requests per second of a burst published at {@code publishedAtMillis}: all of it, over the time until the last
     * request completed. Warm-up requests are not in {@code completedAtMillis}, so model load and first batch are not
     * counted; the burst's own pipeline fill and drain are.
     */
    static double throughput(int requests, long publishedAtMillis, Collection<Long> completedAtMillis) {
        if (requests <= 0 || completedAtMillis.size() != requests) {
            throw new IllegalArgumentException(completedAtMillis.size() + " completions for " + requests + " requests");
        }
        long last = Collections.max(completedAtMillis);
        if (last <= publishedAtMillis) {
            throw new IllegalArgumentException("the last request completed at " + last + ", not after the publish at "
                    + publishedAtMillis);
        }
        return requests / ((last - publishedAtMillis) / 1000.0);
    }

    static double median(Collection<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }

    /**
     * {@code perSubtask x parallelism} ids {@code prefix-0, prefix-1, ...} (skipping some) such that a keyBy on
     * {@code keyOf(id)} sends exactly {@code perSubtask} of them to each of {@code parallelism} subtasks, as Flink
     * assigns keys at its default max parallelism. A burst of hashed ids would otherwise split unevenly (48 random ids
     * over 2 subtasks: 24 +- 3.5 each), and the fuller subtask alone would set the burst's time.
     */
    static List<String> evenIds(String prefix, int perSubtask, int parallelism, Function<String, String> keyOf) {
        if (perSubtask < 1 || parallelism < 1) {
            throw new IllegalArgumentException("perSubtask and parallelism must be >= 1, were " + perSubtask + ", "
                    + parallelism);
        }
        int maxParallelism = KeyGroupRangeAssignment.computeDefaultMaxParallelism(parallelism);
        int[] taken = new int[parallelism];
        List<String> ids = new ArrayList<>();
        for (int i = 0; ids.size() < perSubtask * parallelism; i++) {
            String id = prefix + "-" + i;
            int subtask = KeyGroupRangeAssignment.assignKeyToParallelOperator(keyOf.apply(id), maxParallelism,
                    parallelism);
            if (taken[subtask] < perSubtask) {
                taken[subtask]++;
                ids.add(id);
            }
        }
        return ids;
    }
}

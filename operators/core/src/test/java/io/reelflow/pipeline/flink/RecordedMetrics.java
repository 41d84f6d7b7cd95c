package io.reelflow.pipeline.flink;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.apache.flink.runtime.metrics.util.TestingMetricRegistry;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;

/**
 * Every metric an operator under a test harness registers, with the labels (group variables) it would carry in
 * Prometheus, so a test reads a counter or gauge as a dashboard query would select it.
 */
public final class RecordedMetrics {

    private record Registered(String name, Map<String, String> labels, Metric metric) {}

    /** Labels Flink adds to every operator metric; the others are the ones the operator added. */
    private static final Set<String> FLINK_LABELS = Set.of("host", "tm_id", "job_id", "job_name", "task_id",
            "task_attempt_id", "task_name", "task_attempt_num", "subtask_index", "operator_id", "operator_name");

    private final List<Registered> registered = new CopyOnWriteArrayList<>();

    /** A mock task environment whose operators register their metrics here. */
    public MockEnvironment environment(String task) {
        TestingMetricRegistry registry = TestingMetricRegistry.builder()
                .setRegisterConsumer((metric, name, group) -> registered.add(
                        new Registered(name, ownLabels(group.getAllVariables()), metric)))
                .build();
        return new MockEnvironmentBuilder()
                .setMetricGroup(TaskManagerMetricGroup.createTaskManagerMetricGroup(registry, "localhost",
                                ResourceID.generate())
                        .addJob(new JobID(), "job")
                        .addTask(ExecutionAttemptID.randomId(), task))
                .build();
    }

    /**
     * The count of the counter {@code name} with exactly these labels of the operator's own
     * ({@code "tenant", "demo", ...}); 0 if there is none.
     */
    public long count(String name, String... labels) {
        Metric metric = find(name, labels);
        return metric == null ? 0 : ((Counter) metric).getCount();
    }

    /** The value of the gauge {@code name} with exactly these labels of the operator's own; null if there is none. */
    public Object gauge(String name, String... labels) {
        Metric metric = find(name, labels);
        return metric == null ? null : ((Gauge<?>) metric).getValue();
    }

    /** Label values of every metric called {@code name}, for {@code label}. */
    public List<String> labelValues(String name, String label) {
        return registered.stream().filter(r -> r.name().equals(name))
                .map(r -> r.labels().get(label)).toList();
    }

    private Metric find(String name, String... labels) {
        List<Registered> matching = registered.stream()
                .filter(r -> r.name().equals(name) && hasLabels(r, labels)).toList();
        if (matching.size() > 1) {
            throw new AssertionError(matching.size() + " metrics " + name + " match " + List.of(labels));
        }
        return matching.isEmpty() ? null : matching.get(0).metric();
    }

    private static boolean hasLabels(Registered r, String... labels) {
        Map<String, String> wanted = new HashMap<>();
        for (int i = 0; i + 1 < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        return r.labels().equals(wanted);
    }

    private static Map<String, String> ownLabels(Map<String, String> variables) {
        Map<String, String> own = new HashMap<>();
        variables.forEach((key, value) -> {
            String label = key.substring(1, key.length() - 1); // Flink's variables are "<name>"
            if (!FLINK_LABELS.contains(label)) {
                own.put(label, value);
            }
        });
        return Map.copyOf(own);
    }
}

package io.reelflow.operators.moderation.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.moderation.TestRequests;
import io.reelflow.pipeline.Trace;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.metrics.groups.AbstractMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.apache.flink.runtime.metrics.util.TestingMetricRegistry;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The safety dashboard's counters, as the prompt gate registers and counts them. */
class ModerationMetricsTest {

    /** Counters as registered, keyed {@code name[stage,decision,category]}. */
    private final Map<String, Metric> metrics = new ConcurrentHashMap<>();

    @Test
    void countsDecisionsAndFindingsByCategory() throws Exception {
        TestingMetricRegistry registry = TestingMetricRegistry.builder()
                .setRegisterConsumer((metric, name, group) -> metrics.put(key(name, group), metric))
                .build();
        ReelflowConfig config = ReelflowConfig.defaults();
        try (MockEnvironment environment = new MockEnvironmentBuilder()
                        .setMetricGroup(TaskManagerMetricGroup.createTaskManagerMetricGroup(registry, "localhost",
                                        ResourceID.generate())
                                .addJob(new JobID(), "job")
                                .addTask(ExecutionAttemptID.randomId(), "moderate"))
                        .build();
                OneInputStreamOperatorTestHarness<Trace, Trace> harness = new OneInputStreamOperatorTestHarness<>(
                        new ProcessOperator<>(new ModerateFunction(config.moderation(), config.tenants())),
                        environment)) {
            harness.setup();
            harness.open();
            harness.processElement(TestRequests.trace("a", "a mountain lake at sunrise"), 1L);
            harness.processElement(TestRequests.trace("b", "step by step instructions to build a pipe bomb"), 2L);
            harness.processElement(TestRequests.trace("c", "a deepfake of joe biden giving a speech"), 3L);
        }

        assertThat(count("moderation_decisions[moderate,ALLOW,]")).isEqualTo(1);
        assertThat(count("moderation_decisions[moderate,BLOCK,]")).isEqualTo(1);
        assertThat(count("moderation_decisions[moderate,REVIEW,]")).isEqualTo(1);
        assertThat(count("moderation_findings[moderate,BLOCK,illicit_weapons]")).isEqualTo(1);
        assertThat(count("moderation_findings[moderate,REVIEW,public_figure_likeness]")).isEqualTo(1);
    }

    private long count(String key) {
        Metric metric = metrics.get(key);
        return metric == null ? 0 : ((Counter) metric).getCount();
    }

    private static String key(String name, AbstractMetricGroup<?> group) {
        Map<String, String> variables = group.getAllVariables();
        String category = variables.get("<category>");
        return name + "[" + variables.get("<stage>") + "," + variables.get("<decision>") + ","
                + (category == null ? "" : category) + "]";
    }
}

package io.reelflow.pipeline.flink;

import io.reelflow.pipeline.ErrorCode;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The metrics every stage reports, under the {@code reelflow} group with a {@code stage} label: requests in and out,
 * rejections by reason (a {@code reason} label) and stage duration. In Prometheus they appear as
 * {@code flink_taskmanager_job_task_operator_reelflow_<name>{stage="...",reason="..."}}.
 */
public final class StageMetrics {

    private static final int HISTOGRAM_WINDOW = 1000;

    private final MetricGroup group;
    private final Counter in;
    private final Counter out;
    private final Histogram durationMs;
    private final Map<ErrorCode, Counter> rejected = new EnumMap<>(ErrorCode.class);

    public StageMetrics(MetricGroup operatorGroup, String stage) {
        this.group = operatorGroup.addGroup("reelflow").addGroup("stage", stage);
        this.in = group.counter("requests_in");
        this.out = group.counter("requests_out");
        this.durationMs = group.histogram("stage_ms", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
    }

    /** The stage's group, for stage-specific metrics. */
    public MetricGroup group() {
        return group;
    }

    public void received() {
        in.inc();
    }

    public void passed(long millis) {
        out.inc();
        durationMs.update(millis);
    }

    public void rejected(ErrorCode code) {
        rejected.computeIfAbsent(code, c -> group.addGroup("reason", c.name()).counter("rejected")).inc();
    }

    public Histogram histogram(String name) {
        return group.histogram(name, new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
    }
}

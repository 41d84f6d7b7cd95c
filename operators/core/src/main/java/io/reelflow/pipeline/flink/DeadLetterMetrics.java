package io.reelflow.pipeline.flink;

import io.reelflow.pipeline.ErrorCode;
import io.reelflow.schema.DeadLetter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Counts every dead letter on its way to the dead-letter topic, whichever stage wrote it:
 * {@code reelflow_reason_dead_letters} by error code. Stages write ErrorCode names; any other code counts as
 * {@code reason="OTHER"}, so the label stays bounded.
 */
public final class DeadLetterMetrics extends RichMapFunction<DeadLetter, DeadLetter> {

    private static final long serialVersionUID = 1L;
    static final String OTHER = "OTHER";
    private static final Set<String> CODES = Arrays.stream(ErrorCode.values()).map(Enum::name).collect(Collectors.toSet());

    private transient MetricGroup group;
    private transient Map<String, Counter> counters;

    @Override
    public void open(OpenContext openContext) {
        group = getRuntimeContext().getMetricGroup().addGroup("reelflow");
        counters = new HashMap<>();
    }

    @Override
    public DeadLetter map(DeadLetter deadLetter) {
        String reason = CODES.contains(deadLetter.getErrorCode()) ? deadLetter.getErrorCode() : OTHER;
        counters.computeIfAbsent(reason, r -> group.addGroup("reason", r).counter("dead_letters")).inc();
        return deadLetter;
    }
}

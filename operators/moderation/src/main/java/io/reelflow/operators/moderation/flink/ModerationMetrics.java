package io.reelflow.operators.moderation.flink;

import io.reelflow.pipeline.flink.StageMetrics;
import io.reelflow.schema.ModerationFinding;
import io.reelflow.schema.ModerationVerdict;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;

/**
 * What a gate decided, for the safety dashboard: {@code moderation_decisions} by {@code decision}, and
 * {@code moderation_findings} by {@code category} and {@code decision}, under the gate's stage group.
 */
final class ModerationMetrics {

    private final StageMetrics stage;
    private final Map<String, Counter> counters = new HashMap<>();

    ModerationMetrics(StageMetrics stage) {
        this.stage = stage;
    }

    void record(ModerationVerdict verdict) {
        String decision = verdict.getDecision().name();
        counter("decision/" + decision, () -> stage.group().addGroup("decision", decision)
                .counter("moderation_decisions")).inc();
        for (ModerationFinding finding : verdict.getFindings()) {
            String category = finding.getCategory();
            String findingDecision = finding.getDecision().name();
            counter("finding/" + category + "/" + findingDecision, () -> stage.group()
                    .addGroup("category", category).addGroup("decision", findingDecision)
                    .counter("moderation_findings")).inc();
        }
    }

    private Counter counter(String key, java.util.function.Supplier<Counter> create) {
        return counters.computeIfAbsent(key, k -> create.get());
    }
}

package io.reelflow.operators.generate.flink;

import io.reelflow.operators.generate.GenerationEngine;
import io.reelflow.operators.generate.serving.ServingStats;
import java.util.List;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * The serving engine's metrics, reported by one subtask per TaskManager process (the engine is shared by all of
 * them), under {@code reelflow_serving_*}. Names follow Triton's: executions and inferences (their ratio is the
 * average batch size), compute and queue time, pending requests, devices, executions per batch size and outcomes; and device time per configured tenant ({@code tenant_device_seconds},
 * each request's share of its batches), for the cost view.
 */
final class ServingMetrics {

    private ServingMetrics() {}

    static void register(MetricGroup operatorGroup, GenerationEngine engine, List<String> tenants) {
        ServingStats stats = engine.stats();
        MetricGroup group = operatorGroup.addGroup("reelflow").addGroup("serving");
        group.gauge("pending_requests", (Gauge<Integer>) engine::pending);
        group.gauge("queued_requests", (Gauge<Integer>) engine::queued);
        group.gauge("executions", (Gauge<Long>) stats::executions);
        group.gauge("inferences", (Gauge<Long>) stats::inferences);
        group.gauge("average_batch_size", (Gauge<Double>) () -> stats.executions() == 0 ? 0.0
                : stats.inferences() / (double) stats.executions());
        group.gauge("compute_seconds", (Gauge<Double>) () -> stats.computeNanos() / 1e9);
        group.gauge("queue_seconds", (Gauge<Double>) () -> stats.queueNanos() / 1e9);
        group.gauge("started_requests", (Gauge<Long>) stats::started);
        group.gauge("succeeded_requests", (Gauge<Long>) stats::succeeded);
        group.gauge("expired_requests", (Gauge<Long>) stats::expired);
        group.gauge("canceled_requests", (Gauge<Long>) stats::canceled);
        group.gauge("failed_requests", (Gauge<Long>) stats::failed);
        group.gauge("out_of_memory_retries", (Gauge<Long>) stats::retriedSmaller);
        // The busy ratio is rate(compute_seconds) / devices, taken by Prometheus: a gauge that reset on each read
        // would be skewed by a second scraper.
        group.gauge("devices", (Gauge<Integer>) engine::devices);
        for (int size = 1; size <= stats.maxBatch(); size++) {
            int batchSize = size;
            group.addGroup("batch_size", String.valueOf(size))
                    .gauge("executions_of_size", (Gauge<Long>) () -> stats.executionsOfSize(batchSize));
        }
        for (String tenant : tenants) {
            group.addGroup("tenant", tenant).gauge("device_seconds", (Gauge<Double>) () -> stats.computeNanos(tenant) / 1e9);
        }
    }

}

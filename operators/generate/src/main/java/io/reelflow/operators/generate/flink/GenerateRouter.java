package io.reelflow.operators.generate.flink;

import io.reelflow.operators.generate.GenerateOutcome;
import io.reelflow.pipeline.Clip;
import io.reelflow.pipeline.Outcomes;
import io.reelflow.pipeline.Stages;
import io.reelflow.pipeline.Trace;
import io.reelflow.pipeline.flink.PipelineOutputs;
import io.reelflow.pipeline.flink.StageMetrics;
import io.reelflow.schema.EventType;
import io.reelflow.schema.ModelInfo;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Sends generated clips downstream with QUEUED and GENERATED events (stage_ms = queue and sampling time), and ended
 * requests to the results and events side outputs. Metrics: the stage's counters and stage_ms (queue + sampling),
 * sample_ms and queue_ms histograms, and outcomes per tenant and per priority.
 */
public class GenerateRouter extends ProcessFunction<GenerateOutcome, Clip> {

    private static final long serialVersionUID = 1L;

    private transient StageMetrics metrics;
    private transient Histogram sampleMs;
    private transient Histogram queueMs;
    private transient Map<String, Counter> byTenant;
    private transient Map<String, Counter> byPriority;

    @Override
    public void open(OpenContext openContext) {
        metrics = new StageMetrics(getRuntimeContext().getMetricGroup(), GenerateStage.NAME);
        sampleMs = metrics.histogram("sample_ms");
        queueMs = metrics.histogram("queue_ms");
        byTenant = new HashMap<>();
        byPriority = new HashMap<>();
    }

    @Override
    public void processElement(GenerateOutcome outcome, Context ctx, Collector<Clip> out) {
        metrics.received();
        Instant now = Instant.now();
        Trace trace = outcome.trace();
        count(byTenant, "tenant", trace.tenantId());
        count(byPriority, "priority", String.valueOf(trace.request().getPriority()));
        Long queued = trace.timingsMs().get(Stages.QUEUE);
        if (queued != null) {
            queueMs.update(queued);
        }
        if (outcome instanceof GenerateOutcome.Generated generated) {
            long sampled = trace.timingsMs().getOrDefault(Stages.SAMPLE, 0L);
            sampleMs.update(sampled);
            ctx.output(PipelineOutputs.EVENTS, Outcomes.event(trace, EventType.QUEUED, queued, null, now));
            ctx.output(PipelineOutputs.EVENTS, Outcomes.event(trace, EventType.GENERATED, sampled, describe(generated.clip()), now));
            out.collect(generated.clip());
            metrics.passed((queued == null ? 0 : queued) + sampled);
        } else if (outcome instanceof GenerateOutcome.Ended ended) {
            PipelineOutputs.end(ctx, metrics, trace, ended.status(), ended.reason(), queued == null ? 0 : queued);
        }
    }

    /** Outcomes per tenant and per priority lane: requests_by_tenant{tenant=...}, requests_by_priority{priority=...}. */
    private void count(Map<String, Counter> counters, String label, String value) {
        counters.computeIfAbsent(value, v -> metrics.group().addGroup(label, v).counter("requests_by_" + label)).inc();
    }

    /** e.g. "144x80x32 at 8 fps, seed 42, model reelflow-dit-xs (untrained: random weights, noise-like output)". */
    private static String describe(Clip clip) {
        ModelInfo model = clip.trace().model();
        return clip.frames().width() + "x" + clip.frames().height() + "x" + clip.frames().count()
                + (clip.fps() > 0 ? " at " + clip.fps() + " fps" : "") + ", seed " + clip.trace().seed()
                + ", model " + model.getId()
                + (model.getTrained() ? "" : " (untrained: random weights, noise-like output)");
    }
}

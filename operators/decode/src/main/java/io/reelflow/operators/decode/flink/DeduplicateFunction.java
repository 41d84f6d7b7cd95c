package io.reelflow.operators.decode.flink;

import io.reelflow.operators.decode.DecodedRequest;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.Outcomes;
import io.reelflow.pipeline.Rejection;
import io.reelflow.pipeline.Stages;
import io.reelflow.pipeline.Trace;
import io.reelflow.pipeline.flink.PipelineOutputs;
import io.reelflow.pipeline.flink.StageMetrics;
import io.reelflow.schema.EventType;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Lets the first request per tenant and request_id through (with an ACCEPTED event) and refuses later ones as
 * DUPLICATE_REQUEST: dead letter with the duplicate's bytes, REJECTED result and event. Ids are remembered in keyed
 * state for {@code pipeline.dedup-retention} after their first acceptance, so the memory held is bounded and a
 * restore from a checkpoint keeps rejecting them.
 */
public class DeduplicateFunction extends KeyedProcessFunction<String, DecodedRequest, Trace> {

    private static final long serialVersionUID = 1L;

    private final Duration retention;
    private transient ValueState<Long> acceptedAt;
    private transient StageMetrics metrics;

    public DeduplicateFunction(Duration retention) {
        this.retention = retention;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<Long> descriptor = new ValueStateDescriptor<>("accepted-at", Types.LONG);
        // OnCreateAndWrite and no later writes: the retention counts from the first acceptance, not the last duplicate.
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(retention)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build());
        acceptedAt = getRuntimeContext().getState(descriptor);
        metrics = new StageMetrics(getRuntimeContext().getMetricGroup(), Stages.DECODE);
    }

    @Override
    public void processElement(DecodedRequest decoded, Context ctx, Collector<Trace> out) throws Exception {
        Trace trace = decoded.trace();
        Long first = acceptedAt.value();
        Instant now = Instant.now();
        if (first == null) {
            acceptedAt.update(trace.acceptedAtMillis());
            Long decodeMillis = trace.timingsMs().get(Stages.DECODE);
            out.collect(trace);
            ctx.output(PipelineOutputs.EVENTS, Outcomes.event(trace, EventType.ACCEPTED, decodeMillis, null, now));
            metrics.passed(decodeMillis == null ? 0 : decodeMillis);
            return;
        }
        Rejection why = Rejection.of(ErrorCode.DUPLICATE_REQUEST, "request_id " + trace.requestId() + " of tenant "
                + trace.tenantId() + " was already accepted at " + Instant.ofEpochMilli(first));
        ctx.output(PipelineOutputs.DEAD_LETTERS, Outcomes.deadLetter(decoded.raw(), trace.request(), why, now));
        ctx.output(PipelineOutputs.RESULTS, Outcomes.rejected(trace.request(), why, now));
        ctx.output(PipelineOutputs.EVENTS, Outcomes.event(trace.request(), EventType.REJECTED, null, why.toString(), now));
        metrics.rejected(ErrorCode.DUPLICATE_REQUEST);
    }

    /** Keys requests by {@link DecodedRequest#dedupKey()}: tenant_id + "/" + request_id. */
    public static final class ByRequestKey implements KeySelector<DecodedRequest, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(DecodedRequest request) {
            return request.dedupKey();
        }
    }
}

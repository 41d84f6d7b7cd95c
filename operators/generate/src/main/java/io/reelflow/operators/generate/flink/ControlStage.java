package io.reelflow.operators.generate.flink;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.generate.ControlDecoder;
import io.reelflow.operators.generate.GenerationEngines;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.Outcomes;
import io.reelflow.pipeline.RawRequest;
import io.reelflow.pipeline.Rejection;
import io.reelflow.pipeline.Trace;
import io.reelflow.pipeline.flink.PipelineOutputs;
import io.reelflow.pipeline.flink.StageMetrics;
import io.reelflow.pipeline.flink.StageStreams;
import io.reelflow.schema.ControlAction;
import io.reelflow.schema.ControlCommand;
import io.reelflow.schema.EventType;
import io.reelflow.schema.ResultStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Cancellation: control records are decoded (bad ones become dead letters) and broadcast to every instance of the
 * relay in front of the generate stage. The relay cancels the request in its TaskManager's engine (dropped if queued,
 * stopped at the next step if sampling) and remembers the cancel in broadcast state for {@code RETENTION}, so a
 * request that reaches it later, or is re-run after a restore, ends CANCELED without sampling.
 */
public final class ControlStage {

    public static final String DECODE_NAME = "decode-control";
    public static final String RELAY_NAME = "cancel-relay";
    /** Operator uids; never change them (savepoints map state by uid). */
    public static final String DECODE_UID = "reelflow-decode-control";
    public static final String RELAY_UID = "reelflow-cancel-relay";
    /** How long a cancel is remembered for requests that have not reached the generate stage yet. */
    static final Duration RETENTION = Duration.ofHours(24);
    static final MapStateDescriptor<String, Long> CANCELED = new MapStateDescriptor<>("canceled-requests",
            Types.STRING, Types.LONG);

    private ControlStage() {}

    /** {@code traces} minus canceled requests (ended CANCELED in the side outputs), with the control dead letters. */
    public static StageStreams<Trace> apply(DataStream<Trace> traces, DataStream<RawRequest> controls,
            ReelflowConfig config) {
        SingleOutputStreamOperator<ControlCommand> commands = controls
                .process(new DecodeControl(config.limits().maxPayloadBytes()), TypeInformation.of(ControlCommand.class))
                .name(DECODE_NAME).uid(DECODE_UID);
        BroadcastStream<ControlCommand> broadcast = commands.broadcast(CANCELED);
        SingleOutputStreamOperator<Trace> relayed = traces.connect(broadcast)
                .process(new CancelRelay(), TypeInformation.of(Trace.class))
                .name(RELAY_NAME).uid(RELAY_UID);
        return StageStreams.of(relayed, commands);
    }

    /** Control bytes to commands; bad bytes to dead letters with the reason. */
    static final class DecodeControl extends ProcessFunction<RawRequest, ControlCommand> {
        private static final long serialVersionUID = 1L;
        private final int maxBytes;
        private transient ControlDecoder decoder;
        private transient StageMetrics metrics;

        DecodeControl(int maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public void open(OpenContext openContext) {
            decoder = new ControlDecoder(maxBytes);
            metrics = new StageMetrics(getRuntimeContext().getMetricGroup(), DECODE_NAME);
        }

        @Override
        public void processElement(RawRequest raw, Context ctx, Collector<ControlCommand> out) {
            metrics.received();
            ControlDecoder.Outcome outcome = decoder.decode(raw.payload());
            if (outcome instanceof ControlDecoder.Accepted accepted) {
                metrics.passed(0);
                out.collect(accepted.command());
            } else if (outcome instanceof ControlDecoder.Rejected rejected) {
                metrics.rejected(rejected.reason().code());
                ctx.output(PipelineOutputs.DEAD_LETTERS, Outcomes.deadLetter(raw, null, rejected.reason(),
                        Instant.now()));
            }
        }
    }

    /** Passes requests on unless canceled; cancels in this process's engines as commands arrive. */
    static final class CancelRelay extends BroadcastProcessFunction<Trace, ControlCommand, Trace> {
        private static final long serialVersionUID = 1L;
        private transient StageMetrics metrics;

        @Override
        public void open(OpenContext openContext) {
            metrics = new StageMetrics(getRuntimeContext().getMetricGroup(), RELAY_NAME);
        }

        @Override
        public void processElement(Trace trace, ReadOnlyContext ctx, Collector<Trace> out) throws Exception {
            metrics.received();
            Long canceledAt = ctx.getBroadcastState(CANCELED).get(key(trace.tenantId(), trace.requestId()));
            if (canceledAt == null) {
                metrics.passed(0);
                out.collect(trace);
                return;
            }
            Rejection why = Rejection.of(ErrorCode.CANCELED, "canceled by the client at "
                    + Instant.ofEpochMilli(canceledAt) + " before sampling started");
            Instant now = Instant.now();
            ctx.output(PipelineOutputs.RESULTS, Outcomes.ended(trace, ResultStatus.CANCELED, why, now));
            ctx.output(PipelineOutputs.EVENTS, Outcomes.event(trace, EventType.CANCELED, 0L, why.toString(), now));
            metrics.rejected(why.code());
        }

        @Override
        public void processBroadcastElement(ControlCommand command, Context ctx, Collector<Trace> out)
                throws Exception {
            if (command.getAction() != ControlAction.CANCEL) {
                return;
            }
            BroadcastState<String, Long> canceled = ctx.getBroadcastState(CANCELED);
            long issued = command.getIssuedAt().toEpochMilli();
            canceled.put(key(command.getTenantId(), command.getRequestId()), issued);
            List<String> expired = new ArrayList<>();
            long oldest = issued - RETENTION.toMillis();
            for (Map.Entry<String, Long> entry : canceled.entries()) {
                if (entry.getValue() < oldest) {
                    expired.add(entry.getKey());
                }
            }
            for (String key : expired) {
                canceled.remove(key);
            }
            GenerationEngines.cancel(command.getTenantId(), command.getRequestId());
        }

        private static String key(String tenant, String requestId) {
            return tenant + '/' + requestId;
        }
    }
}

package io.reelflow.operators.decode.flink;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.decode.DecodeOutcome;
import io.reelflow.operators.decode.DecodedRequest;
import io.reelflow.operators.decode.RequestDecoder;
import io.reelflow.pipeline.Outcomes;
import io.reelflow.pipeline.RawRequest;
import io.reelflow.pipeline.Stages;
import io.reelflow.pipeline.flink.PipelineOutputs;
import io.reelflow.pipeline.flink.StageMetrics;
import io.reelflow.schema.EventType;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decodes and validates request bytes. Valid requests go on to deduplication; a refused one becomes a dead letter
 * (with its original bytes), a REJECTED result and a REJECTED event on the {@link PipelineOutputs} side outputs.
 * Counts {@code requests_in} and {@code rejected{reason}}; the dedup operator counts what leaves the stage.
 */
public class DecodeFunction extends ProcessFunction<RawRequest, DecodedRequest> {

    private static final long serialVersionUID = 1L;

    private final ReelflowConfig config;
    private transient RequestDecoder decoder;
    private transient StageMetrics metrics;

    public DecodeFunction(ReelflowConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        decoder = RequestDecoder.builder().config(config).build();
        metrics = new StageMetrics(getRuntimeContext().getMetricGroup(), Stages.DECODE);
    }

    @Override
    public void processElement(RawRequest raw, Context ctx, Collector<DecodedRequest> out) {
        metrics.received();
        DecodeOutcome outcome = decoder.decode(raw);
        if (outcome instanceof DecodeOutcome.Accepted accepted) {
            out.collect(accepted.request());
        } else if (outcome instanceof DecodeOutcome.Rejected rejected) {
            Instant now = Instant.now();
            ctx.output(PipelineOutputs.DEAD_LETTERS, Outcomes.deadLetter(raw, rejected.partial(), rejected.rejection(), now));
            ctx.output(PipelineOutputs.RESULTS, Outcomes.rejected(rejected.partial(), rejected.rejection(), now));
            ctx.output(PipelineOutputs.EVENTS,
                    Outcomes.event(rejected.partial(), EventType.REJECTED, null, rejected.rejection().toString(), now));
            metrics.rejected(rejected.rejection().code());
        }
    }
}

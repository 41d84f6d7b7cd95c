package io.reelflow.operators.encode.flink;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.encode.ClipEncoder;
import io.reelflow.operators.encode.EncodeOutcome;
import io.reelflow.pipeline.Clip;
import io.reelflow.pipeline.Encoded;
import io.reelflow.pipeline.Outcomes;
import io.reelflow.pipeline.Stages;
import io.reelflow.pipeline.flink.PipelineOutputs;
import io.reelflow.pipeline.flink.StageMetrics;
import io.reelflow.schema.EventType;
import io.reelflow.schema.ResultStatus;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The encode stage in Flink: encodes each clip with {@link ClipEncoder}, emits the {@link Encoded} files and an ENCODED
 * event; a failed clip becomes a FAILED result and event on the side outputs instead.
 */
public final class EncodeFunction extends ProcessFunction<Clip, Encoded> {

    private static final long serialVersionUID = 1L;

    private final ReelflowConfig config;
    private transient ClipEncoder encoder;
    private transient StageMetrics metrics;
    private transient Counter encodedBytes;

    public EncodeFunction(ReelflowConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        encoder = ClipEncoder.builder().config(config).build();
        metrics = new StageMetrics(getRuntimeContext().getMetricGroup(), Stages.ENCODE);
        encodedBytes = metrics.group().counter("encoded_bytes");
    }

    @Override
    public void processElement(Clip clip, Context ctx, Collector<Encoded> out) {
        metrics.received();
        EncodeOutcome outcome = encoder.encode(clip);
        Instant now = Instant.now();
        if (outcome instanceof EncodeOutcome.Done done) {
            out.collect(done.encoded());
            ctx.output(PipelineOutputs.EVENTS,
                    Outcomes.event(done.encoded().trace(), EventType.ENCODED, done.millis(), null, now));
            metrics.passed(done.millis());
            encodedBytes.inc(done.encoded().files().stream().mapToLong(f -> f.bytes().length).sum());
        } else if (outcome instanceof EncodeOutcome.Failed failed) {
            PipelineOutputs.end(ctx, metrics, failed.trace(), ResultStatus.FAILED, failed.reason(), failed.millis());
        }
    }
}

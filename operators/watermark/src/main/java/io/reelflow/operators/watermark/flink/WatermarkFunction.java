package io.reelflow.operators.watermark.flink;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.watermark.ClipWatermarker;
import io.reelflow.operators.watermark.RequestLogos;
import io.reelflow.pipeline.AssetReader;
import io.reelflow.pipeline.Clip;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.Outcomes;
import io.reelflow.pipeline.Rejection;
import io.reelflow.pipeline.Stages;
import io.reelflow.pipeline.Trace;
import io.reelflow.pipeline.flink.PipelineOutputs;
import io.reelflow.pipeline.flink.StageMetrics;
import io.reelflow.schema.EventType;
import io.reelflow.schema.ResultStatus;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Watermarks each clip (see {@link ClipWatermarker}) and emits a WATERMARKED event; a clip that cannot be marked
 * ends as a FAILED result with WATERMARK_FAILED and a FAILED event instead of failing the job, and one whose own logo
 * cannot be used ends REJECTED (or FAILED if the store kept failing) with the reason.
 *
 * <p>A request's logo is read from the object store, blocking, the first time its URI is seen; later requests of the
 * campaign find it in the subtask's {@link RequestLogos} cache.
 */
public class WatermarkFunction extends ProcessFunction<Clip, Clip> {

    private static final long serialVersionUID = 1L;

    private final ReelflowConfig config;
    private final AssetReader.Factory assets;
    private transient RequestLogos requestLogos;
    private transient ClipWatermarker engine;
    private transient StageMetrics metrics;

    /** {@code assets}: where requests' own logos ({@code visible_mark.logo_uri}) are read. */
    public WatermarkFunction(ReelflowConfig config, AssetReader.Factory assets) {
        this.config = config;
        this.assets = Objects.requireNonNull(assets, "assets");
    }

    @Override
    public void open(OpenContext openContext) {
        requestLogos = new RequestLogos(assets.create(config));
        engine = new ClipWatermarker(config.watermark(), config.tenants(), requestLogos);
        metrics = new StageMetrics(getRuntimeContext().getMetricGroup(), Stages.WATERMARK);
    }

    @Override
    public void close() throws Exception {
        if (requestLogos != null) {
            requestLogos.close();
        }
    }

    @Override
    public void processElement(Clip clip, Context ctx, Collector<Clip> out) {
        metrics.received();
        long start = System.nanoTime();
        ClipWatermarker.Marked marked;
        try {
            marked = engine.mark(clip);
        } catch (RequestLogos.Unusable e) {
            long millis = elapsedMillis(start);
            PipelineOutputs.end(ctx, metrics, clip.trace().timed(Stages.WATERMARK, millis), e.status(),
                    e.rejection(), millis);
            return;
        } catch (RuntimeException e) {
            long millis = elapsedMillis(start);
            Trace trace = clip.trace().timed(Stages.WATERMARK, millis);
            Rejection why = Rejection.of(ErrorCode.WATERMARK_FAILED, String.valueOf(e.getMessage()));
            PipelineOutputs.end(ctx, metrics, trace, ResultStatus.FAILED, why, millis);
            return;
        }
        long millis = elapsedMillis(start);
        Trace trace = marked.clip().trace().timed(Stages.WATERMARK, millis);
        out.collect(marked.clip().withTrace(trace));
        String detail = String.format(Locale.ROOT, "watermark %s at strength %.1f, PSNR %.1f dB",
                trace.watermarkId(), marked.strength(), marked.psnrDb());
        ctx.output(PipelineOutputs.EVENTS, Outcomes.event(trace, EventType.WATERMARKED, millis, detail, Instant.now()));
        metrics.passed(millis);
    }

    private static long elapsedMillis(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}

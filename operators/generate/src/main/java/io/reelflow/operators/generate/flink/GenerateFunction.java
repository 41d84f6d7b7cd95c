package io.reelflow.operators.generate.flink;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.config.TenantsConfig;
import io.reelflow.operators.generate.GenerateOutcome;
import io.reelflow.operators.generate.GenerationEngine;
import io.reelflow.pipeline.AssetReader;
import io.reelflow.operators.generate.GenerationEngines;
import io.reelflow.operators.generate.ProgressListener;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.Rejection;
import io.reelflow.pipeline.Trace;
import io.reelflow.schema.ResultStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * Hands each trace to the process-wide {@link GenerationEngine} (shared by every generate subtask of the
 * TaskManager) and completes with its outcome. A request without an outcome after generation.timeout ends FAILED
 * with GENERATION_TIMEOUT and the engine drops it (queued) or stops it at its next step (running). One subtask per
 * process reports the engine's metrics ({@link ServingMetrics}).
 */
public class GenerateFunction extends RichAsyncFunction<Trace, GenerateOutcome> {

    private static final long serialVersionUID = 1L;

    private final ReelflowConfig config;
    private final AssetReader.Factory assets;
    private final ProgressListener.Factory progress;
    private transient GenerationEngine engine;
    private transient Map<String, CompletableFuture<GenerateOutcome>> inFlight;

    public GenerateFunction(ReelflowConfig config) {
        this(config, AssetReader.Factory.none());
    }

    public GenerateFunction(ReelflowConfig config, AssetReader.Factory assets) {
        this(config, assets, ProgressListener.Factory.none());
    }

    public GenerateFunction(ReelflowConfig config, AssetReader.Factory assets, ProgressListener.Factory progress) {
        this.config = config;
        this.assets = assets;
        this.progress = progress;
    }

    @Override
    public void open(OpenContext openContext) {
        engine = GenerationEngines.acquire(config, assets, progress);
        inFlight = new ConcurrentHashMap<>();
        if (GenerationEngines.claimMetrics(engine)) {
            ServingMetrics.register(getRuntimeContext().getMetricGroup(), engine,
                    config.tenants().known().stream().map(TenantsConfig.Tenant::id).toList());
        }
    }

    @Override
    public void asyncInvoke(Trace trace, ResultFuture<GenerateOutcome> resultFuture) {
        String key = key(trace);
        CompletableFuture<GenerateOutcome> outcome = engine.submit(trace);
        inFlight.put(key, outcome);
        outcome.whenComplete((done, error) -> {
            inFlight.remove(key, outcome);
            resultFuture.complete(List.of(done != null ? done : failed(trace, ErrorCode.GENERATION_FAILED,
                    String.valueOf(error))));
        });
    }

    @Override
    public void timeout(Trace trace, ResultFuture<GenerateOutcome> resultFuture) {
        resultFuture.complete(List.of(failed(trace, ErrorCode.GENERATION_TIMEOUT,
                "no result within generation.timeout " + config.generation().timeout())));
        CompletableFuture<GenerateOutcome> outcome = inFlight.remove(key(trace));
        if (outcome != null) {
            outcome.cancel(false);
        }
    }

    @Override
    public void close() {
        if (inFlight != null) {
            inFlight.values().forEach(outcome -> outcome.cancel(false)); // the shared engine stops sampling them
        }
        if (engine != null) {
            GenerationEngines.release(engine);
            engine = null;
        }
    }

    private static GenerateOutcome failed(Trace trace, ErrorCode code, String message) {
        return new GenerateOutcome.Ended(trace, ResultStatus.FAILED, Rejection.of(code, message));
    }

    private static String key(Trace trace) {
        return trace.tenantId() + '/' + trace.requestId();
    }
}

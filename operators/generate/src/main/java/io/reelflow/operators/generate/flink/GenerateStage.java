package io.reelflow.operators.generate.flink;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.pipeline.AssetReader;
import io.reelflow.operators.generate.GenerateOutcome;
import io.reelflow.operators.generate.ProgressListener;
import io.reelflow.pipeline.Clip;
import io.reelflow.pipeline.Trace;
import io.reelflow.pipeline.flink.StageStreams;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.async.AsyncRetryStrategy;
import org.apache.flink.streaming.util.retryable.AsyncRetryStrategies;

/**
 * The generate stage: an unordered async operator (generation.capacity requests in flight per subtask, then
 * backpressure; generation.timeout per request, transient failures re-run generation.retries times) and a router to
 * the clip stream and side outputs.
 */
public final class GenerateStage {

    public static final String NAME = "generate";
    public static final String ROUTE_NAME = "generate-route";
    /** Operator uids; never change them (savepoints map state by uid). */
    public static final String UID = "reelflow-generate";
    public static final String ROUTE_UID = "reelflow-generate-route";

    private GenerateStage() {}

    public static StageStreams<Clip> apply(DataStream<Trace> traces, ReelflowConfig config) {
        return apply(traces, config, AssetReader.Factory.none());
    }

    /** With input assets (first frames, source videos) read by readers {@code assets} makes. */
    public static StageStreams<Clip> apply(DataStream<Trace> traces, ReelflowConfig config,
            AssetReader.Factory assets) {
        return apply(traces, config, assets, ProgressListener.Factory.none());
    }

    /** With sampling progress reported to listeners {@code progress} makes (one per TaskManager process). */
    public static StageStreams<Clip> apply(DataStream<Trace> traces, ReelflowConfig config,
            AssetReader.Factory assets, ProgressListener.Factory progress) {
        SingleOutputStreamOperator<GenerateOutcome> outcomes = AsyncDataStream.unorderedWaitWithRetry(
                        traces,
                        new GenerateFunction(config, assets, progress),
                        config.generation().timeout().toMillis(),
                        TimeUnit.MILLISECONDS,
                        config.generation().capacity(),
                        retryStrategy(config))
                .returns(TypeInformation.of(GenerateOutcome.class))
                .name(NAME)
                .uid(UID);
        SingleOutputStreamOperator<Clip> clips = outcomes
                .process(new GenerateRouter(), TypeInformation.of(Clip.class))
                .name(ROUTE_NAME)
                .uid(ROUTE_UID);
        return StageStreams.of(clips);
    }

    /** generation.retries re-runs, generation.retry-delay apart, of requests that FAILED transiently. */
    static AsyncRetryStrategy<GenerateOutcome> retryStrategy(ReelflowConfig config) {
        if (config.generation().retries() <= 0) {
            @SuppressWarnings("unchecked")
            AsyncRetryStrategy<GenerateOutcome> none = AsyncRetryStrategies.NO_RETRY_STRATEGY;
            return none;
        }
        return new AsyncRetryStrategies.FixedDelayRetryStrategyBuilder<GenerateOutcome>(config.generation().retries(),
                config.generation().retryDelay().toMillis())
                .ifResult(new TransientFailure())
                .build();
    }
}

package io.reelflow.operators.generate.flink;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.generate.AssetReader;
import io.reelflow.operators.generate.GenerateOutcome;
import io.reelflow.pipeline.Clip;
import io.reelflow.pipeline.Trace;
import io.reelflow.pipeline.flink.StageStreams;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The generate stage: an unordered async operator (generation.capacity requests in flight per subtask, then
 * backpressure; generation.timeout per request) and a router to the clip stream and side outputs.
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
        SingleOutputStreamOperator<GenerateOutcome> outcomes = AsyncDataStream.unorderedWait(
                        traces,
                        new GenerateFunction(config, assets),
                        config.generation().timeout().toMillis(),
                        TimeUnit.MILLISECONDS,
                        config.generation().capacity())
                .returns(TypeInformation.of(GenerateOutcome.class))
                .name(NAME)
                .uid(UID);
        SingleOutputStreamOperator<Clip> clips = outcomes
                .process(new GenerateRouter(), TypeInformation.of(Clip.class))
                .name(ROUTE_NAME)
                .uid(ROUTE_UID);
        return StageStreams.of(clips);
    }
}

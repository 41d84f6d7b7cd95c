package io.reelflow.operators.moderation.flink;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.pipeline.AssetReader;
import io.reelflow.pipeline.Stages;
import io.reelflow.pipeline.Trace;
import io.reelflow.pipeline.flink.StageStreams;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/** Gate 2 of the pipeline: one {@link InputModerateFunction}, between prompt moderation and generation. */
public final class InputModerateStage {

    public static final String NAME = Stages.MODERATE_INPUT;
    /** Stable operator id, so savepoints survive changes to the job graph. */
    public static final String UID = "reelflow-moderate-input";

    private InputModerateStage() {}

    public static StageStreams<Trace> apply(
            DataStream<Trace> traces, ReelflowConfig config, AssetReader.Factory assets) {
        SingleOutputStreamOperator<Trace> checked = traces
                .process(new InputModerateFunction(config, assets), traces.getType())
                .name(NAME)
                .uid(UID);
        return StageStreams.of(checked);
    }
}

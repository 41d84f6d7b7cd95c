package io.reelflow.operators.moderation.flink;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.pipeline.Clip;
import io.reelflow.pipeline.Stages;
import io.reelflow.pipeline.flink.StageStreams;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/** Gate 3 of the pipeline: one {@link OutputModerateFunction}, between generation and watermarking. */
public final class OutputModerateStage {

    public static final String NAME = Stages.MODERATE_OUTPUT;
    /** Stable operator id, so savepoints survive changes to the job graph. */
    public static final String UID = "reelflow-moderate-output";

    private OutputModerateStage() {}

    public static StageStreams<Clip> apply(DataStream<Clip> clips, ReelflowConfig config) {
        SingleOutputStreamOperator<Clip> checked = clips
                .process(new OutputModerateFunction(config), clips.getType())
                .name(NAME)
                .uid(UID);
        return StageStreams.of(checked);
    }
}

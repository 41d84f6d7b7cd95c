package io.reelflow.operators.moderation.flink;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.pipeline.Stages;
import io.reelflow.pipeline.Trace;
import io.reelflow.pipeline.flink.StageStreams;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/** The moderate stage of the pipeline: one {@link ModerateFunction}. */
public final class ModerateStage {

    public static final String NAME = Stages.MODERATE;
    /** Stable operator id, so savepoints survive changes to the job graph. */
    public static final String UID = "reelflow-moderate";

    private ModerateStage() {}

    public static StageStreams<Trace> apply(DataStream<Trace> traces, ReelflowConfig config) {
        SingleOutputStreamOperator<Trace> moderated = traces
                .process(new ModerateFunction(config.moderation(), config.tenants()), traces.getType())
                .name(NAME)
                .uid(UID);
        return StageStreams.of(moderated);
    }
}

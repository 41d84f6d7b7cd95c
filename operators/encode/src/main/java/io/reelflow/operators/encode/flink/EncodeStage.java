package io.reelflow.operators.encode.flink;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.pipeline.Clip;
import io.reelflow.pipeline.Encoded;
import io.reelflow.pipeline.flink.StageStreams;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/** Wires the encode stage into a pipeline. */
public final class EncodeStage {

    public static final String NAME = "encode";
    public static final String UID = "reelflow-encode";

    private EncodeStage() {}

    public static StageStreams<Encoded> apply(DataStream<Clip> clips, ReelflowConfig config) {
        SingleOutputStreamOperator<Encoded> encoded = clips.process(new EncodeFunction(config)).name(NAME).uid(UID);
        return StageStreams.of(encoded);
    }
}

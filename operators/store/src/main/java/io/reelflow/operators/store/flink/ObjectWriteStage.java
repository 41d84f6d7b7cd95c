package io.reelflow.operators.store.flink;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.pipeline.ObjectWrite;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;

/** Writes prepared objects to the output bucket; the stream that comes out holds their URIs. */
public final class ObjectWriteStage {

    private ObjectWriteStage() {}

    public static DataStream<String> apply(DataStream<ObjectWrite> objects, ReelflowConfig config) {
        return apply(objects, config, "write-objects");
    }

    /** As {@link #apply(DataStream, ReelflowConfig)}, as the operator {@code name} (unique in its job). */
    public static DataStream<String> apply(DataStream<ObjectWrite> objects, ReelflowConfig config, String name) {
        return objects.process(new ObjectWriteFunction(config.storage()), Types.STRING)
                .name(name).uid("reelflow-" + name);
    }
}

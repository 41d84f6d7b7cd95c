package io.reelflow.operators.store.flink;

import io.reelflow.config.StorageConfig;
import io.reelflow.operators.store.AssetStore;
import io.reelflow.pipeline.ObjectWrite;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Writes objects other stages prepared (campaign summaries) and emits their URIs. */
public final class ObjectWriteFunction extends ProcessFunction<ObjectWrite, String> {

    private final StorageConfig storage;
    private transient AssetStore store;

    public ObjectWriteFunction(StorageConfig storage) {
        this.storage = storage;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        store = AssetStore.builder().storage(storage).build();
        store.open();
    }

    @Override
    public void processElement(ObjectWrite object, Context ctx, Collector<String> out) throws Exception {
        out.collect(store.write(object));
    }

    @Override
    public void close() throws Exception {
        if (store != null) {
            store.close();
        }
    }
}

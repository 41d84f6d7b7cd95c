package io.reelflow.operators.store.flink;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.pipeline.Encoded;
import io.reelflow.pipeline.Stages;
import io.reelflow.pipeline.flink.StageStreams;
import io.reelflow.schema.GenerationResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/** The last stage: stores outputs. Its main stream is already results (SUCCEEDED), unlike other stages'. */
public final class StoreStage {

    public static final String UID = "reelflow-store";

    private StoreStage() {}

    /** Also publishes the provenance public key ({@link io.reelflow.operators.store.AssetStore#PUBLIC_KEY_KEY}). */
    public static StageStreams<GenerationResult> apply(DataStream<Encoded> encoded, ReelflowConfig config) {
        String publicKeyPem;
        try {
            publicKeyPem = config.provenance().publicKeyPem();
        } catch (IOException e) {
            throw new UncheckedIOException("provenance.public-key: " + e.getMessage(), e);
        }
        SingleOutputStreamOperator<GenerationResult> stored = encoded
                .process(new StoreFunction(config.storage(), publicKeyPem), new AvroTypeInfo<>(GenerationResult.class))
                .name(Stages.STORE)
                .uid(UID);
        return StageStreams.of(stored);
    }
}

package io.reelflow.operators.provenance.flink;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.provenance.SigningKeys;
import io.reelflow.pipeline.Encoded;
import io.reelflow.pipeline.flink.StageStreams;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.flink.streaming.api.datastream.DataStream;

/** Wires the sign stage (provenance manifests) between encode and store. */
public final class ProvenanceStage {

    public static final String NAME = "sign";
    public static final String UID = "reelflow-sign";

    private ProvenanceStage() {}

    /** Loads the key pair now, so a missing or mismatched key stops the job from being defined at all. */
    public static StageStreams<Encoded> apply(DataStream<Encoded> encoded, ReelflowConfig config) {
        try {
            SigningKeys.load(config.provenance());
        } catch (IOException e) {
            throw new UncheckedIOException("provenance keys: " + e.getMessage(), e);
        }
        return StageStreams.of(encoded.process(new ProvenanceFunction(config.provenance())).name(NAME).uid(UID));
    }
}

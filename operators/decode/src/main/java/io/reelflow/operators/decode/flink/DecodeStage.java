package io.reelflow.operators.decode.flink;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.decode.DecodedRequest;
import io.reelflow.pipeline.RawRequest;
import io.reelflow.pipeline.Trace;
import io.reelflow.pipeline.flink.StageStreams;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/** The decode stage: decode + validate, then deduplicate by tenant and request_id. */
public final class DecodeStage {

    /** Operator uids; state (the dedup ids) is restored by uid, so never change them. */
    public static final String DECODE_UID = "reelflow-decode";
    public static final String DEDUP_UID = "reelflow-dedup";

    private DecodeStage() {}

    public static StageStreams<Trace> apply(DataStream<RawRequest> requests, ReelflowConfig config) {
        SingleOutputStreamOperator<DecodedRequest> decoded = requests
                .process(new DecodeFunction(config))
                .name("decode")
                .uid(DECODE_UID);
        SingleOutputStreamOperator<Trace> accepted = decoded
                .keyBy(new DeduplicateFunction.ByRequestKey())
                .process(new DeduplicateFunction(config.pipeline().dedupRetention()))
                .name("dedup")
                .uid(DEDUP_UID);
        return StageStreams.of(accepted, decoded);
    }
}

package io.reelflow.operators.decode.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.operators.decode.DecodeOutcome;
import io.reelflow.operators.decode.DecodedRequest;
import io.reelflow.operators.decode.RequestDecoder;
import io.reelflow.operators.decode.Requests;
import io.reelflow.pipeline.RawRequest;
import io.reelflow.pipeline.Trace;
import io.reelflow.pipeline.flink.StageStreams;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * The stage's wiring, without running a cluster: operator uids and names, and that what crosses the keyBy (and
 * leaves the stage) survives Flink's serializers, since a record type Flink cannot serialize fails only at run time.
 */
class DecodeStageTest {

    private final StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
    private final DataStream<RawRequest> input = env.fromData(Requests.raw(Requests.video().avro()));
    private final StageStreams<Trace> stage = DecodeStage.apply(input, Requests.config());

    @Test
    void wiresDecodeThenDedupWithStableUids() {
        Map<String, String> namesByUid = stage.main().getTransformation().getTransitivePredecessors().stream()
                .filter(t -> t.getUid() != null)
                .collect(Collectors.toMap(Transformation::getUid, Transformation::getName));

        assertThat(namesByUid).containsEntry(DecodeStage.DECODE_UID, "decode").containsEntry(DecodeStage.DEDUP_UID, "dedup");
        assertThat(stage.main().getTransformation().getUid()).isEqualTo(DecodeStage.DEDUP_UID);
        // Side outputs of both operators: decode rejects bad payloads, dedup rejects duplicates.
        assertThat(stage.deadLetters().getTransformation().getInputs()).hasSize(2);
        assertThat(stage.results().getTransformation().getInputs()).hasSize(2);
        assertThat(stage.events().getTransformation().getInputs()).hasSize(2);
    }

    @Test
    void recordsSurviveFlinksSerializers() throws Exception {
        DecodedRequest decoded = ((DecodeOutcome.Accepted) RequestDecoder.builder().config(Requests.config()).build()
                .decode(Requests.raw(Requests.video().avro()))).request();
        Transformation<?> decodeOperator = stage.main().getTransformation().getTransitivePredecessors().stream()
                .filter(t -> DecodeStage.DECODE_UID.equals(t.getUid())).findFirst().orElseThrow();

        DecodedRequest copy = roundTrip(decodeOperator.getOutputType().createSerializer(env.getConfig().getSerializerConfig()), decoded);
        Trace trace = roundTrip(stage.main().getType().createSerializer(env.getConfig().getSerializerConfig()), decoded.trace());

        assertThat(copy.trace()).isEqualTo(decoded.trace());
        assertThat(copy.raw().payload()).isEqualTo(decoded.raw().payload());
        assertThat(copy.raw().source()).isEqualTo(decoded.raw().source());
        assertThat(trace).isEqualTo(decoded.trace());
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(TypeSerializer<?> serializer, T value) throws Exception {
        TypeSerializer<T> typed = (TypeSerializer<T>) serializer;
        DataOutputSerializer out = new DataOutputSerializer(1024);
        typed.serialize(value, out);
        return typed.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }
}

package io.reelflow.jobs.kafka;

import io.reelflow.schema.codec.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.util.function.SerializableFunction;

/** Encodes a record in Avro single-object encoding for {@code topic}, keyed by its request id. */
final class ToOutbound<T extends SpecificRecord> implements MapFunction<T, OutboundRecord> {

    private final Class<T> type;
    private final String topic;
    private final SerializableFunction<T, String> requestId;
    private transient SingleObjectCodec<T> codec;

    ToOutbound(Class<T> type, String topic, SerializableFunction<T, String> requestId) {
        this.type = type;
        this.topic = topic;
        this.requestId = requestId;
    }

    @Override
    public OutboundRecord map(T record) {
        if (codec == null) {
            codec = SingleObjectCodec.of(type);
        }
        String id = requestId.apply(record);
        byte[] key = id == null || id.isEmpty() ? null : id.getBytes(StandardCharsets.UTF_8);
        return new OutboundRecord(topic, key, codec.encode(record));
    }
}

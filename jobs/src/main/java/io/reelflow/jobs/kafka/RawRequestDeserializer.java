package io.reelflow.jobs.kafka;

import io.reelflow.pipeline.RawRequest;
import io.reelflow.pipeline.SourceRef;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads request records as raw bytes with their position. Decoding happens in the decode operator, so bad bytes
 * become dead letters instead of failing the source. A tombstone (null value) is passed on as empty bytes.
 */
public final class RawRequestDeserializer implements KafkaRecordDeserializationSchema<RawRequest> {

    private static final byte[] EMPTY = new byte[0];

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRequest> out) {
        byte[] value = record.value() == null ? EMPTY : record.value();
        out.collect(new RawRequest(
                value, new SourceRef(record.topic(), record.partition(), record.offset()), System.currentTimeMillis()));
    }

    @Override
    public TypeInformation<RawRequest> getProducedType() {
        return TypeInformation.of(RawRequest.class);
    }
}

package io.reelflow.jobs.kafka;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Passes an {@link OutboundRecord} through to its topic. */
final class OutboundSerializer implements KafkaRecordSerializationSchema<OutboundRecord> {

    @Override
    public ProducerRecord<byte[], byte[]> serialize(OutboundRecord record, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(record.topic(), null, timestamp, record.key(), record.value());
    }
}

package io.reelflow.jobs.kafka;

import io.reelflow.config.KafkaConfig;
import io.reelflow.jobs.ChainOutputs;
import io.reelflow.schema.DeadLetter;
import io.reelflow.schema.GenerationEvent;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ModerationAudit;
import io.reelflow.schema.ReviewTask;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Writes the chain's outputs to Kafka, Avro single-object encoded and keyed by request id, through one
 * EXACTLY_ONCE sink: a checkpoint commits the results, events, dead letters, moderation audits and review tasks it
 * covers in one transaction, so
 * consumers reading with {@code isolation.level=read_committed} see each exactly once, even across restores.
 */
public final class KafkaOutputs {

    private static final TypeInformation<OutboundRecord> OUTBOUND = TypeInformation.of(OutboundRecord.class);

    private KafkaOutputs() {}

    public static void write(ChainOutputs outputs, KafkaConfig kafka) {
        KafkaConfig.Topics topics = kafka.topics();
        DataStream<OutboundRecord> results = outputs.results()
                .map(new ToOutbound<>(GenerationResult.class, topics.results(), GenerationResult::getRequestId))
                .returns(OUTBOUND).name("encode-results").uid("reelflow-encode-results");
        DataStream<OutboundRecord> events = outputs.events()
                .map(new ToOutbound<>(GenerationEvent.class, topics.events(), GenerationEvent::getRequestId))
                .returns(OUTBOUND).name("encode-events").uid("reelflow-encode-events");
        DataStream<OutboundRecord> deadLetters = outputs.deadLetters()
                .map(new ToOutbound<>(DeadLetter.class, topics.deadLetters(), DeadLetter::getRequestId))
                .returns(OUTBOUND).name("encode-dead-letters").uid("reelflow-encode-dead-letters");
        DataStream<OutboundRecord> audits = outputs.audits()
                .map(new ToOutbound<>(ModerationAudit.class, topics.moderation(), ModerationAudit::getRequestId))
                .returns(OUTBOUND).name("encode-moderation-audits").uid("reelflow-encode-moderation-audits");
        DataStream<OutboundRecord> reviews = outputs.reviews()
                .map(new ToOutbound<>(ReviewTask.class, topics.reviews(), ReviewTask::getRequestId))
                .returns(OUTBOUND).name("encode-review-tasks").uid("reelflow-encode-review-tasks");
        results.union(events, deadLetters, audits, reviews).sinkTo(sink(kafka)).name("kafka-outputs").uid("reelflow-kafka-outputs");
    }

    static KafkaSink<OutboundRecord> sink(KafkaConfig kafka) {
        return KafkaSink.<OutboundRecord>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setRecordSerializer(new OutboundSerializer())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(kafka.transactionalIdPrefix())
                .setProperty("transaction.timeout.ms", Long.toString(kafka.transactionTimeout().toMillis()))
                .build();
    }
}

package io.reelflow.jobs.kafka;

import io.reelflow.config.KafkaConfig;
import io.reelflow.pipeline.RawRequest;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** The requests and control topics as streams of raw records. */
public final class KafkaInputs {

    private KafkaInputs() {}

    public static DataStream<RawRequest> requests(StreamExecutionEnvironment env, KafkaConfig kafka) {
        KafkaSource<RawRequest> source = KafkaSource.<RawRequest>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setTopics(kafka.topics().requests())
                .setGroupId(kafka.consumerGroup())
                // Resume where the last checkpoint left off; a new group starts at the beginning so no request is skipped.
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new RawRequestDeserializer())
                // Clients may publish transactionally; aborted requests must not be generated.
                .setProperty("isolation.level", "read_committed")
                .build();
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "requests").uid("reelflow-requests-source");
    }

    /**
     * The control topic (cancel commands) as raw records. A new job starts at the topic's end (older commands were
     * for requests long done); a restored job resumes from its checkpoint.
     */
    public static DataStream<RawRequest> controls(StreamExecutionEnvironment env, KafkaConfig kafka) {
        KafkaSource<RawRequest> source = KafkaSource.<RawRequest>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setTopics(kafka.topics().control())
                .setGroupId(kafka.consumerGroup() + "-control")
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.LATEST))
                .setDeserializer(new RawRequestDeserializer())
                .setProperty("isolation.level", "read_committed")
                .build();
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "control").uid("reelflow-control-source");
    }
}

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

    /** Resumes where the last checkpoint left off; a new group starts at the beginning so no request is skipped. */
    public static DataStream<RawRequest> requests(StreamExecutionEnvironment env, KafkaConfig kafka) {
        return rawRecords(env, kafka, "requests", kafka.topics().requests(), kafka.consumerGroup(),
                OffsetResetStrategy.EARLIEST);
    }

    /**
     * The control topic (cancel commands). A new job starts at the topic's end (older commands were for requests long
     * done); a restored job resumes from its checkpoint.
     */
    public static DataStream<RawRequest> controls(StreamExecutionEnvironment env, KafkaConfig kafka) {
        return rawRecords(env, kafka, "control", kafka.topics().control(), kafka.consumerGroup() + "-control",
                OffsetResetStrategy.LATEST);
    }

    /** Source {@code name} (uid reelflow-{name}-source) over {@code topic}, from committed offsets or {@code reset}. */
    private static DataStream<RawRequest> rawRecords(StreamExecutionEnvironment env, KafkaConfig kafka, String name,
            String topic, String group, OffsetResetStrategy reset) {
        KafkaSource<RawRequest> source = KafkaSource.<RawRequest>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setTopics(topic)
                .setGroupId(group)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(reset))
                .setDeserializer(new RawRequestDeserializer())
                // Clients may publish transactionally; aborted records must not be acted on.
                .setProperty("isolation.level", "read_committed")
                .build();
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), name).uid("reelflow-" + name + "-source");
    }
}

package io.reelflow.it;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.schema.codec.SingleObjectCodec;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import okhttp3.OkHttpClient;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads what the job wrote, the way a client should: Kafka topics with read_committed, objects over S3. */
final class Outputs {

    private Outputs() {}

    /** A topic from the beginning until {@code expected} records or the timeout, whichever comes first. */
    static <T extends SpecificRecord> List<T> readCommitted(
            ReelflowConfig config, String topic, Class<T> type, int expected, Duration timeout) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        SingleObjectCodec<T> codec = SingleObjectCodec.of(type);
        List<T> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    records.add(codec.decode(record.value()));
                }
            }
        }
        return records;
    }

    static MinioClient s3(ReelflowConfig config) {
        return MinioClient.builder().endpoint(config.storage().endpoint()).region(config.storage().region())
                .credentials(config.storage().accessKey(), config.storage().secretKey())
                .httpClient(new OkHttpClient(), true) // the default client parses every system CA first (~1 s)
                .build();
    }

    static byte[] get(MinioClient s3, String uri) throws Exception {
        URI parsed = URI.create(uri);
        try (InputStream in = s3.getObject(GetObjectArgs.builder()
                .bucket(parsed.getHost()).object(parsed.getPath().substring(1)).build())) {
            return in.readAllBytes();
        }
    }
}

package io.reelflow.infra.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.reelflow.config.ConfigLoader;
import io.reelflow.config.ReelflowConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalServersTest {

    @TempDir
    Path dataDir;

    /** The documented defaults on free ports, so tests never collide with a running stack or each other. */
    private static ReelflowConfig onFreePorts() {
        return ConfigLoader.builder()
                .set("kafka.bootstrap-servers", "127.0.0.1:0")
                .set("kafka.partitions", "2")
                .set("storage.endpoint", "http://127.0.0.1:0")
                .build();
    }

    @Test
    void servesTopicsTransactionsAndBucketsOnFreePorts() throws Exception {
        try (LocalServers servers = LocalServers.start(onFreePorts(), dataDir)) {
            ReelflowConfig config = servers.config();
            assertThat(config.kafka().bootstrapServers()).startsWith("127.0.0.1:").doesNotEndWith(":0");
            assertThat(config.storage().endpoint()).startsWith("http://127.0.0.1:").doesNotEndWith(":0");

            Map<String, TopicDescription> topics = describeTopics(config);
            assertThat(topics).containsOnlyKeys("reelflow.requests", "reelflow.events", "reelflow.results", "reelflow.dlq",
                    "reelflow.control", "reelflow.moderation", "reelflow.reviews");
            assertThat(topics.values()).allSatisfy(t -> assertThat(t.partitions()).hasSize(2));
            servers.kafka().createTopics(); // again: a no-op, not an error

            String topic = config.kafka().topics().results();
            try (KafkaProducer<String, String> producer = transactionalProducer(config, "test-tx")) {
                send(producer, topic, List.of("a", "b", "c"), true);
                send(producer, topic, List.of("aborted"), false);
            }
            assertThat(readCommitted(config, topic)).containsExactlyInAnyOrder("a", "b", "c");

            try (MinioClient s3 = s3(config)) {
                assertThat(s3.bucketExists(BucketExistsArgs.builder().bucket("reelflow-outputs").build())).isTrue();
                assertThat(s3.bucketExists(BucketExistsArgs.builder().bucket("reelflow-inputs").build())).isTrue();
                assertThat(s3.bucketExists(BucketExistsArgs.builder().bucket("reelflow-checkpoints").build()))
                        .as("local.checkpoint-bucket").isTrue();
                put(s3, "reelflow-outputs", "demo/req-1/image.png", "pixels");
                assertThat(get(s3, "reelflow-outputs", "demo/req-1/image.png")).isEqualTo("pixels");
                assertThat(metadata(s3, "reelflow-outputs", "demo/req-1/image.png")).containsEntry("request-id", "req-1");
            }
        }
    }

    @Test
    void keepsRecordsAndObjectsAcrossARestartOnTheSameDirectory() throws Exception {
        try (LocalServers servers = LocalServers.start(onFreePorts(), dataDir)) {
            ReelflowConfig config = servers.config();
            try (KafkaProducer<String, String> producer = transactionalProducer(config, "before")) {
                send(producer, config.kafka().topics().results(), List.of("one", "two"), true);
            }
            try (MinioClient s3 = s3(config)) {
                put(s3, "reelflow-outputs", "demo/req-1/video.mp4", "frames");
            }
        }

        try (LocalServers servers = LocalServers.start(onFreePorts(), dataDir)) {
            ReelflowConfig config = servers.config();
            String topic = config.kafka().topics().results();
            assertThat(describeTopics(config).get(topic).partitions()).hasSize(2);
            try (KafkaProducer<String, String> producer = transactionalProducer(config, "after")) {
                send(producer, topic, List.of("three"), true);
            }
            assertThat(readCommitted(config, topic)).containsExactlyInAnyOrder("one", "two", "three");
            try (MinioClient s3 = s3(config)) {
                assertThat(get(s3, "reelflow-outputs", "demo/req-1/video.mp4")).isEqualTo("frames");
                assertThat(metadata(s3, "reelflow-outputs", "demo/req-1/video.mp4")).containsEntry("request-id", "req-1");
            }
        }
    }

    @Test
    void restartsTheBrokerAndTheS3ServerInPlaceOnTheSamePortsAndData() throws Exception {
        try (LocalServers servers = LocalServers.start(onFreePorts(), dataDir)) {
            ReelflowConfig config = servers.config();
            String topic = config.kafka().topics().results();
            try (KafkaProducer<String, String> producer = transactionalProducer(config, "before")) {
                send(producer, topic, List.of("before"), true);
            }
            try (MinioClient s3 = s3(config)) {
                put(s3, "reelflow-outputs", "demo/req-1/image.png", "pixels");
            }

            servers.restartKafka();
            servers.stopS3();
            try (MinioClient s3 = s3(config)) {
                assertThatThrownBy(() -> get(s3, "reelflow-outputs", "demo/req-1/image.png"))
                        .satisfies(e -> assertThat(java.util.stream.Stream.iterate(e, java.util.Objects::nonNull, Throwable::getCause))
                                .anyMatch(java.net.ConnectException.class::isInstance));
            }
            servers.startS3();

            assertThat(servers.config()).isEqualTo(config);
            try (KafkaProducer<String, String> producer = transactionalProducer(config, "after")) {
                send(producer, topic, List.of("after"), true);
            }
            assertThat(readCommitted(config, topic)).containsExactlyInAnyOrder("before", "after");
            try (MinioClient s3 = s3(config)) {
                assertThat(get(s3, "reelflow-outputs", "demo/req-1/image.png")).isEqualTo("pixels");
            }
        }
    }

    private static Map<String, TopicDescription> describeTopics(ReelflowConfig config) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                config.kafka().bootstrapServers()))) {
            var names = admin.listTopics().names().get();
            return admin.describeTopics(names).allTopicNames().get();
        }
    }

    private static KafkaProducer<String, String> transactionalProducer(ReelflowConfig config, String transactionalId) {
        KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) config.kafka().transactionTimeout().toMillis()),
                new StringSerializer(), new StringSerializer());
        producer.initTransactions();
        return producer;
    }

    private static void send(KafkaProducer<String, String> producer, String topic, List<String> values, boolean commit) {
        producer.beginTransaction();
        values.forEach(v -> producer.send(new ProducerRecord<>(topic, v, v)));
        producer.flush();
        if (commit) {
            producer.commitTransaction();
        } else {
            producer.abortTransaction();
        }
    }

    /** Every committed value of {@code topic}, read up to the last stable offset of each partition. */
    private static List<String> readCommitted(ReelflowConfig config, String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<String> values = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
            return values;
        }
    }

    private static MinioClient s3(ReelflowConfig config) {
        return MinioClient.builder()
                .endpoint(config.storage().endpoint())
                .region(config.storage().region())
                .credentials(config.storage().accessKey(), config.storage().secretKey())
                .httpClient(new OkHttpClient(), true) // the SDK default reads every CA under SSL_CERT_DIR (~1 s)
                .build();
    }

    private static void put(MinioClient s3, String bucket, String key, String content) throws Exception {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        s3.putObject(PutObjectArgs.builder()
                .bucket(bucket)
                .object(key)
                .data(bytes, bytes.length)
                .contentType("application/octet-stream")
                .userMetadata(Map.of("request-id", "req-1"))
                .build());
    }

    private static String get(MinioClient s3, String bucket, String key) throws Exception {
        try (GetObjectResponse in = s3.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Map<String, String> metadata(MinioClient s3, String bucket, String key) throws Exception {
        Map<String, String> metadata = new TreeMap<>();
        s3.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()).userMetadata()
                .forEach(e -> metadata.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
        return metadata;
    }
}

package io.reelflow.infra.local;

import io.reelflow.config.KafkaConfig;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.config.StorageConfig;
import java.nio.file.Path;

/**
 * The servers of the local stack, Kafka then S3, with the topics and buckets the pipeline needs (and the bucket of
 * Flink's checkpoints and savepoints, {@code local.checkpoint-bucket}); closing stops them in
 * reverse order. Kafka's log lives in {@code dataDir/kafka}, objects in {@code dataDir/s3}, so both survive restarts.
 */
public final class LocalServers implements AutoCloseable {

    private final Path dataDir;
    private final ReelflowConfig config;
    private EmbeddedKafka kafka;
    private EmbeddedS3 s3;

    private LocalServers(Path dataDir, EmbeddedKafka kafka, EmbeddedS3 s3, ReelflowConfig config) {
        this.dataDir = dataDir;
        this.kafka = kafka;
        this.s3 = s3;
        this.config = config;
    }

    public static LocalServers start(ReelflowConfig config, Path dataDir) throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start(config.kafka(), dataDir.resolve("kafka"));
        try {
            kafka.createTopics();
            EmbeddedS3 s3 = EmbeddedS3.start(config.storage(), dataDir.resolve("s3"), config.local().checkpointBucket());
            return new LocalServers(dataDir, kafka, s3,
                    withAddresses(LocalKeys.ensure(config), kafka.bootstrapServers(), s3.endpoint()));
        } catch (Exception | Error e) {
            kafka.close();
            throw e;
        }
    }

    /** {@code config} with the addresses the servers actually listen on (differs where it asked for port 0). */
    public ReelflowConfig config() {
        return config;
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    public EmbeddedS3 s3() {
        return s3;
    }

    /** Stops the broker and starts it again on the same port and log (a broker restart, for fault tests). */
    public void restartKafka() throws Exception {
        kafka.close();
        kafka = null;
        kafka = EmbeddedKafka.start(config.kafka(), dataDir.resolve("kafka"));
    }

    /** Stops the S3 server: clients get connection refused until {@link #startS3}. */
    public void stopS3() throws Exception {
        if (s3 != null) {
            s3.close();
            s3 = null;
        }
    }

    /** Starts the S3 server again on the same port and objects, if {@link #stopS3} stopped it. */
    public void startS3() throws Exception {
        if (s3 == null) {
            s3 = EmbeddedS3.start(config.storage(), dataDir.resolve("s3"), config.local().checkpointBucket());
        }
    }

    @Override
    public void close() throws Exception {
        try {
            stopS3();
        } finally {
            if (kafka != null) {
                kafka.close();
            }
        }
    }

    private static ReelflowConfig withAddresses(ReelflowConfig c, String bootstrapServers, String endpoint) {
        KafkaConfig k = c.kafka();
        StorageConfig s = c.storage();
        return new ReelflowConfig(
                new KafkaConfig(bootstrapServers, k.topics(), k.partitions(), k.replicationFactor(), k.consumerGroup(),
                        k.transactionalIdPrefix(), k.transactionTimeout()),
                new StorageConfig(endpoint, s.region(), s.accessKey(), s.secretKey(), s.bucket(), s.quarantineBucket(), s.inputBuckets(),
                        s.uploadAttempts()),
                c.limits(), c.tenants(), c.moderation(), c.generation(), c.watermark(), c.encode(), c.provenance(),
                c.pipeline(), c.local());
    }
}

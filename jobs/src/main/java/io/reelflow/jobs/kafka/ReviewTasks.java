package io.reelflow.jobs.kafka;

import io.reelflow.config.KafkaConfig;
import io.reelflow.schema.ReviewTask;
import io.reelflow.schema.codec.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Review tasks published outside a job. */
public final class ReviewTasks {

    private ReviewTasks() {}

    /**
     * Publishes review tasks again, in one transaction, for held requests whose first task may never have been
     * committed (a campaign run killed before its transaction committed). The reviewers' desk keeps one task per
     * request, the latest copy, and ignores a task already decided, so publishing one again is safe.
     */
    public static void republish(KafkaConfig kafka, List<ReviewTask> tasks) {
        if (tasks.isEmpty()) {
            return;
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, kafka.transactionalIdPrefix() + "-republish-" + UUID.randomUUID());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        SingleObjectCodec<ReviewTask> codec = SingleObjectCodec.of(ReviewTask.class);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (ReviewTask task : tasks) {
                producer.send(new ProducerRecord<>(kafka.topics().reviews(),
                        task.getRequestId().getBytes(StandardCharsets.UTF_8), codec.encode(task)));
            }
            producer.commitTransaction();
        }
    }
}

package io.reelflow.config;

import java.io.Serializable;
import java.time.Duration;

/** Broker address, topic names and transactional settings of the sinks. */
public record KafkaConfig(
        String bootstrapServers,
        Topics topics,
        int partitions,
        short replicationFactor,
        String consumerGroup,
        String transactionalIdPrefix,
        Duration transactionTimeout)
        implements Serializable {

    /** Topic names; every one is configurable so several deployments can share a cluster. */
    public record Topics(
            String requests,
            String events,
            String results,
            String deadLetters,
            String control,
            String moderation,
            String reviews)
            implements Serializable {}
}

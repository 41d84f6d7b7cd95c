package io.reelflow.jobs.kafka;

/** A record on its way to one of the output topics: results, events and dead letters share one transactional sink. */
public record OutboundRecord(String topic, byte[] key, byte[] value) {}

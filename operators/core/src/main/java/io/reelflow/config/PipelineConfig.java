package io.reelflow.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * How the Flink job runs: parallelism, checkpointing, how long request ids are remembered for deduplication, and how
 * many campaigns get their own label in the results metrics.
 */
public record PipelineConfig(int parallelism, Duration checkpointInterval, Duration dedupRetention,
        int campaignMetrics) implements Serializable {}

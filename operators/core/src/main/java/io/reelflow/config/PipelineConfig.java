package io.reelflow.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * How the Flink job runs: parallelism (and the most it may ever be rescaled to), checkpointing (how often, how long one
 * may take, how many failed ones in a row are tolerated), how long request ids are remembered for deduplication, and
 * how many campaigns get their own label in the results metrics.
 */
public record PipelineConfig(int parallelism, int maxParallelism, Duration checkpointInterval, Duration checkpointTimeout,
        int tolerableFailedCheckpoints, Duration dedupRetention, int campaignMetrics) implements Serializable {}

package io.reelflow.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * How the Flink job runs: parallelism (and the most it may ever be rescaled to), checkpointing and how long request
 * ids are remembered for deduplication.
 */
public record PipelineConfig(int parallelism, int maxParallelism, Duration checkpointInterval, Duration dedupRetention)
        implements Serializable {}

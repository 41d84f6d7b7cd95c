package io.reelflow.config;

import java.io.Serializable;
import java.time.Duration;

/** How the Flink job runs: parallelism, checkpointing and how long request ids are remembered for deduplication. */
public record PipelineConfig(int parallelism, Duration checkpointInterval, Duration dedupRetention) implements Serializable {}

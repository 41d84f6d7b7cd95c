package io.reelflow.config;

import java.io.Serializable;

/**
 * The embedded stack of {@code reelflow up} and the local cluster of {@code reelflow cluster up}: where their data
 * lives, where Prometheus scrapes them, and the bucket of the S3 store that holds their checkpoints and savepoints.
 */
public record LocalConfig(String dataDir, String prometheusPorts, int flinkRestPort, String checkpointBucket)
        implements Serializable {}

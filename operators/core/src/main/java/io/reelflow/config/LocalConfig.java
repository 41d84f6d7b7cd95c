package io.reelflow.config;

import java.io.Serializable;

/** The embedded stack of {@code reelflow up}: where its data lives and where Prometheus scrapes the MiniCluster. */
public record LocalConfig(String dataDir, String prometheusPorts, int flinkRestPort) implements Serializable {}

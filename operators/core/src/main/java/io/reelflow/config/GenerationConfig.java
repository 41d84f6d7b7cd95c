package io.reelflow.config;

import java.io.Serializable;
import java.time.Duration;

/** The generate operator: model catalog, device and how many requests may be in flight. */
public record GenerationConfig(
        String modelRepository,
        String defaultModel,
        String device,
        int workerThreads,
        int capacity,
        Duration timeout)
        implements Serializable {}

package io.reelflow.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * The generate operator: model catalog, devices, in-flight requests and how the serving engine batches them; and
 * {@code windowStepSeconds}, the measured device time of one denoising step of one sampling window, from which
 * campaign plans estimate device time.
 */
public record GenerationConfig(
        String modelRepository,
        String defaultModel,
        String device,
        int capacity,
        Duration timeout,
        int retries,
        Duration retryDelay,
        Serving serving,
        double windowStepSeconds)
        implements Serializable {

    /** The serving engine of a TaskManager process: one worker per device, fed from one queue. */
    public record Serving(
            int maxBatch,
            Duration maxQueueDelay,
            int decodedInputs,
            Duration aging,
            boolean continuousBatching,
            int progressEverySteps)
            implements Serializable {}

    /** This configuration with models from {@code repository}. */
    public GenerationConfig withModelRepository(String repository) {
        return new GenerationConfig(repository, defaultModel, device, capacity, timeout, retries, retryDelay, serving,
                windowStepSeconds);
    }
}

package io.reelflow.config;

import java.io.Serializable;

/** What a request may ask for. Requests outside these bounds are rejected with OUT_OF_RANGE before any work. */
public record LimitsConfig(
        int maxPayloadBytes,
        int minSide,
        int imageMaxSide,
        int videoMaxLongSide,
        int videoMaxShortSide,
        double videoMaxAspect,
        double maxDurationSeconds,
        int minFps,
        int maxFps,
        int defaultFps,
        int minSteps,
        int maxSteps,
        double minGuidance,
        double maxGuidance,
        int maxPromptChars,
        int maxLabels,
        int maxLabelChars,
        int maxInputAssets)
        implements Serializable {}

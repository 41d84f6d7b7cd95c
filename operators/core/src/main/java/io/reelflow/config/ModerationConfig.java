package io.reelflow.config;

import java.io.Serializable;

/** Prompt moderation: which policy file decides. {@code classpath:} or a file path. */
public record ModerationConfig(String policy) implements Serializable {}

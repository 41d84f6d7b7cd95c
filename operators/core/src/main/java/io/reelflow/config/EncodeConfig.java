package io.reelflow.config;

import java.io.Serializable;

/** FFmpeg encoding of the outputs. */
public record EncodeConfig(String videoCodec, double bitsPerPixel, int gopSeconds, double posterAt) implements Serializable {}

package io.reelflow.config;

import java.io.Serializable;

/** FFmpeg encoding of the outputs. */
public record EncodeConfig(String videoCodec, double bitsPerPixel, long minBitsPerSecond, int gopSeconds, double posterAt)
        implements Serializable {}

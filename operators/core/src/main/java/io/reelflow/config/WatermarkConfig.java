package io.reelflow.config;

import java.io.Serializable;

/** Invisible watermark: the deployment's secret key (keep it out of files: REELFLOW_WATERMARK_SECRET) and strength. */
public record WatermarkConfig(String secret, double strength) implements Serializable {}

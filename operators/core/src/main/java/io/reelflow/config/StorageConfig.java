package io.reelflow.config;

import java.io.Serializable;
import java.util.List;

/** S3-compatible object store (MinIO in production, S3Proxy locally) where outputs are written. */
public record StorageConfig(
        String endpoint,
        String region,
        String accessKey,
        String secretKey,
        String bucket,
        String quarantineBucket,
        List<String> inputBuckets,
        int uploadAttempts)
        implements Serializable {}

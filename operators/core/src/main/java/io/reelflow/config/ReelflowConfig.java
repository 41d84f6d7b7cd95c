package io.reelflow.config;

import java.io.Serializable;

/**
 * All of Reelflow's configuration, typed. Defaults live in {@code reelflow-defaults.yaml} (on the classpath, every
 * key documented there); {@link ConfigLoader} overlays a user file, {@code REELFLOW_*} environment variables and
 * {@code --set key=value} overrides, then binds the result to these records.
 */
public record ReelflowConfig(
        KafkaConfig kafka,
        StorageConfig storage,
        LimitsConfig limits,
        TenantsConfig tenants,
        ModerationConfig moderation,
        GenerationConfig generation,
        WatermarkConfig watermark,
        EncodeConfig encode,
        ProvenanceConfig provenance,
        PipelineConfig pipeline,
        LocalConfig local)
        implements Serializable {

    public ReelflowConfig withProvenance(ProvenanceConfig p) {
        return new ReelflowConfig(kafka, storage, limits, tenants, moderation, generation, watermark, encode, p,
                pipeline, local);
    }

    /** The documented defaults, unchanged. */
    public static ReelflowConfig defaults() {
        return ConfigLoader.builder().build();
    }
}

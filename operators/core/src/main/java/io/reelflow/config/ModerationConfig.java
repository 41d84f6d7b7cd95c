package io.reelflow.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * Moderation at every gate: the deployment's policy (prompts; categories and thresholds for every gate) and how input
 * and output frames are checked. Tenants' own policies are in {@link TenantsConfig.Tenant#moderationPolicy()}.
 *
 * @param policy {@code classpath:} or a file path
 */
public record ModerationConfig(String policy, FrameChecks frames) implements Serializable {

    /**
     * Gates 2 and 3: which frames of an input or output are looked at, and the perceptual-hash blocklist.
     *
     * @param sampleEvery one frame per this much video time, besides the first and last
     * @param hashBlocklist file of known-bad image hashes; empty for none
     * @param hashMaxDistance largest Hamming distance (of 64 bits) at which a frame matches a blocklist entry
     */
    public record FrameChecks(Duration sampleEvery, String hashBlocklist, int hashMaxDistance) implements Serializable {}
}

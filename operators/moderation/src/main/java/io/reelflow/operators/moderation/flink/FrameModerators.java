package io.reelflow.operators.moderation.flink;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.moderation.TenantPolicies;
import io.reelflow.operators.moderation.djl.LearnedClassifiers;
import io.reelflow.operators.moderation.frames.TenantFrameModerators;

/** The frame checks of gates 2 and 3 as configured: tenants' policies, the blocklist and the image classifier. */
final class FrameModerators {

    private FrameModerators() {}

    /** Loads everything now, so a bad policy, blocklist or model fails the operator's open(), not a request. */
    static TenantFrameModerators load(ReelflowConfig config) {
        TenantPolicies policies = TenantPolicies.load(config.moderation(), config.tenants());
        return TenantFrameModerators.load(config.moderation(), policies,
                LearnedClassifiers.image(config.moderation(), policies.deployment()).orElse(null));
    }
}

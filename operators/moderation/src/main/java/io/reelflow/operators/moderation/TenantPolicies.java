package io.reelflow.operators.moderation;

import io.reelflow.config.ModerationConfig;
import io.reelflow.config.TenantsConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * Every tenant's effective policy: the deployment's with the tenant's overlay applied
 * ({@code tenants.known[].moderation-policy}), or the deployment's as it is. All overlays are read and applied when
 * this is loaded, so a bad one fails at start-up with the tenant named, not at its first request. Every gate decides
 * under these.
 */
public final class TenantPolicies {

    private final ModerationPolicy deployment;
    private final Map<String, ModerationPolicy> byTenant;

    private TenantPolicies(ModerationPolicy deployment, Map<String, ModerationPolicy> byTenant) {
        this.deployment = deployment;
        this.byTenant = Map.copyOf(byTenant);
    }

    /**
     * @throws PolicyException if the deployment's policy or a tenant's overlay cannot be used; the message names the
     *     tenant and the file
     */
    public static TenantPolicies load(ModerationConfig moderation, TenantsConfig tenants) {
        ModerationPolicy policy = ModerationPolicy.load(moderation.policy());
        Map<String, ModerationPolicy> byTenant = new HashMap<>();
        for (TenantsConfig.Tenant tenant : tenants.known()) {
            String location = tenant.moderationPolicy();
            if (location == null || location.isBlank()) {
                continue;
            }
            try {
                byTenant.put(tenant.id(), effective(policy, tenant.id(), location));
            } catch (PolicyException e) {
                throw new PolicyException("tenant " + tenant.id() + ": " + e.getMessage(), e);
            }
        }
        return new TenantPolicies(policy, byTenant);
    }

    public ModerationPolicy deployment() {
        return deployment;
    }

    /** The tenants with an overlay and their effective policies. */
    public Map<String, ModerationPolicy> overlaid() {
        return byTenant;
    }

    private static ModerationPolicy effective(ModerationPolicy deployment, String tenantId, String location) {
        TenantPolicy overlay = TenantPolicy.load(location);
        if (!overlay.tenant().equals(tenantId)) {
            throw new PolicyException(location + ": written for tenant '" + overlay.tenant() + "', configured for '"
                    + tenantId + "'");
        }
        try {
            return deployment.overlay(overlay);
        } catch (PolicyException e) {
            throw new PolicyException(location + ": " + e.getMessage(), e);
        }
    }
}

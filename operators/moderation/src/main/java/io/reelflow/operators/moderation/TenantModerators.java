package io.reelflow.operators.moderation;

import io.reelflow.config.ModerationConfig;
import io.reelflow.config.TenantsConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every tenant's prompt moderator: the deployment's policy with the tenant's overlay applied
 * ({@code tenants.known[].moderation-policy}), or the deployment's policy as it is. All overlays are read and applied
 * when this is loaded, so a bad one fails at start-up with the tenant named, not at its first request.
 */
public final class TenantModerators {

    private final PromptModerator deployment;
    private final Map<String, PromptModerator> byTenant;

    private TenantModerators(PromptModerator deployment, Map<String, PromptModerator> byTenant) {
        this.deployment = deployment;
        this.byTenant = Map.copyOf(byTenant);
    }

    /**
     * @throws PolicyException if the deployment's policy or a tenant's overlay cannot be used; the message names the
     *     tenant and the file
     */
    public static TenantModerators load(ModerationConfig moderation, TenantsConfig tenants) {
        return load(moderation, tenants, List.of());
    }

    /**
     * As {@link #load(ModerationConfig, TenantsConfig)}, with {@code learned} classifiers next to every moderator's
     * rules (one instance shared by all tenants: the caller keeps it to one thread and closes it).
     */
    public static TenantModerators load(
            ModerationConfig moderation, TenantsConfig tenants, List<? extends PromptClassifier> learned) {
        ModerationPolicy policy = ModerationPolicy.load(moderation.policy());
        Map<String, PromptModerator> byTenant = new HashMap<>();
        for (TenantsConfig.Tenant tenant : tenants.known()) {
            String location = tenant.moderationPolicy();
            if (location == null || location.isBlank()) {
                continue;
            }
            try {
                byTenant.put(tenant.id(), moderator(effective(policy, tenant.id(), location), learned));
            } catch (PolicyException e) {
                throw new PolicyException("tenant " + tenant.id() + ": " + e.getMessage(), e);
            }
        }
        return new TenantModerators(moderator(policy, learned), byTenant);
    }

    private static PromptModerator moderator(ModerationPolicy policy, List<? extends PromptClassifier> learned) {
        PromptModerator.Builder builder = PromptModerator.builder().policy(policy);
        learned.forEach(builder::classifier);
        return builder.build();
    }

    /** The moderator for {@code tenantId}: its effective policy's, or the deployment's if it has no overlay. */
    public PromptModerator forTenant(String tenantId) {
        return byTenant.getOrDefault(tenantId, deployment);
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

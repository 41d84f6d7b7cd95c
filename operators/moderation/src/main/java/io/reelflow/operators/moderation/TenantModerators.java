package io.reelflow.operators.moderation;

import io.reelflow.config.ModerationConfig;
import io.reelflow.config.TenantsConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Every tenant's prompt moderator, under its {@link TenantPolicies effective policy}. */
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
        return of(TenantPolicies.load(moderation, tenants), List.of());
    }

    /**
     * A moderator per policy of {@code policies}, with {@code learned} classifiers next to every moderator's rules (one
     * instance shared by all tenants: the caller keeps it to one thread and closes it).
     */
    public static TenantModerators of(TenantPolicies policies, List<? extends PromptClassifier> learned) {
        Map<String, PromptModerator> byTenant = new HashMap<>();
        policies.overlaid().forEach((tenant, policy) -> byTenant.put(tenant, moderator(policy, learned)));
        return new TenantModerators(moderator(policies.deployment(), learned), byTenant);
    }

    /** The moderator for {@code tenantId}: its effective policy's, or the deployment's if it has no overlay. */
    public PromptModerator forTenant(String tenantId) {
        return byTenant.getOrDefault(tenantId, deployment);
    }

    private static PromptModerator moderator(ModerationPolicy policy, List<? extends PromptClassifier> learned) {
        PromptModerator.Builder builder = PromptModerator.builder().policy(policy);
        learned.forEach(builder::classifier);
        return builder.build();
    }
}

package io.reelflow.operators.moderation.frames;

import io.reelflow.config.ModerationConfig;
import io.reelflow.operators.moderation.ModerationPolicy;
import io.reelflow.operators.moderation.TenantPolicies;
import java.util.HashMap;
import java.util.Map;

/**
 * Every tenant's frame checks (gates 2 and 3), each under the tenant's effective policy, sharing one blocklist and one
 * image classifier. Closing this closes the classifier.
 */
public final class TenantFrameModerators implements AutoCloseable {

    private final FrameModerator deployment;
    private final Map<String, FrameModerator> byTenant;
    private final ImageClassifier classifier;

    private TenantFrameModerators(
            FrameModerator deployment, Map<String, FrameModerator> byTenant, ImageClassifier classifier) {
        this.deployment = deployment;
        this.byTenant = Map.copyOf(byTenant);
        this.classifier = classifier;
    }

    /** Loads the blocklist once and checks every tenant's policy against it; {@code classifier} may be null. */
    public static TenantFrameModerators load(
            ModerationConfig moderation, TenantPolicies policies, ImageClassifier classifier) {
        FrameModerator deployment = moderator(policies.deployment(), moderation, classifier, null);
        Map<String, FrameModerator> byTenant = new HashMap<>();
        policies.overlaid().forEach((tenant, policy) ->
                byTenant.put(tenant, moderator(policy, moderation, classifier, deployment.blocklist())));
        return new TenantFrameModerators(deployment, byTenant, classifier);
    }

    /** The frame checks for {@code tenantId}: under its effective policy, or the deployment's. */
    public FrameModerator forTenant(String tenantId) {
        return byTenant.getOrDefault(tenantId, deployment);
    }

    private static FrameModerator moderator(ModerationPolicy policy, ModerationConfig moderation,
            ImageClassifier classifier, HashBlocklist loaded) {
        return FrameModerator.builder().policy(policy).frames(moderation.frames()).classifier(classifier)
                .loadedBlocklist(loaded).build();
    }

    @Override
    public void close() {
        if (classifier != null) {
            classifier.close();
        }
    }
}

package io.reelflow.config;

import io.reelflow.schema.MarkPosition;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/** The tenants this deployment serves. Requests from other tenants are dead-lettered with UNKNOWN_TENANT. */
public record TenantsConfig(List<Tenant> known) implements Serializable {

    /**
     * A tenant: its id, the buckets its input assets may come from, its default visible mark, if any, its own
     * watermark secret, if it has one (null: the deployment's {@code watermark.secret} marks its outputs), and its
     * moderation policy overlay, if it has one (null: the deployment's policy as it is).
     */
    public record Tenant(
            String id,
            List<String> inputBuckets,
            VisibleMarkDefaults visibleMark,
            String watermarkSecret,
            String moderationPolicy)
            implements Serializable {}

    /**
     * A tenant's default visible mark, used when a request names none: its {@code text}, or its {@code logo} (an
     * image at {@code classpath:path} or a file path the TaskManagers can read), not both.
     */
    public record VisibleMarkDefaults(String text, String logo, MarkPosition position, double opacity, double scale)
            implements Serializable {}

    public Optional<Tenant> find(String tenantId) {
        return known.stream().filter(t -> t.id().equals(tenantId)).findFirst();
    }
}

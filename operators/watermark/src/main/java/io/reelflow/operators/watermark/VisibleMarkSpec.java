package io.reelflow.operators.watermark;

import io.reelflow.config.TenantsConfig;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.MarkPosition;
import io.reelflow.schema.VisibleMark;
import java.util.Optional;

/**
 * The visible mark a request gets: its own {@code visible_mark}, else its tenant's default, else none.
 *
 * @param scale mark width as a fraction of the output width
 */
public record VisibleMarkSpec(String text, MarkPosition position, double opacity, double scale) {

    public static Optional<VisibleMarkSpec> resolve(GenerationRequest request, TenantsConfig tenants) {
        VisibleMark own = request.getVisibleMark();
        if (own != null) {
            return Optional.of(new VisibleMarkSpec(own.getText(), own.getPosition(), own.getOpacity(), own.getScale()));
        }
        return tenants.find(request.getTenantId())
                .map(TenantsConfig.Tenant::visibleMark)
                .map(d -> new VisibleMarkSpec(d.text(), d.position(), d.opacity(), d.scale()));
    }
}

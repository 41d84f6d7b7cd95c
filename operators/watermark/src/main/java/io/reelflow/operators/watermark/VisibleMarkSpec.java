package io.reelflow.operators.watermark;

import io.reelflow.config.TenantsConfig;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.MarkPosition;
import io.reelflow.schema.VisibleMark;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The visible mark a request gets: its own {@code visible_mark}, else its tenant's default, else none. It is text or a
 * logo: a request's logo comes from the object store ({@link RequestLogos}), a tenant's default is loaded once, when
 * the stage opens.
 *
 * @param scale mark width as a fraction of the output width
 */
public record VisibleMarkSpec(String text, Logo logo, MarkPosition position, double opacity, double scale) {

    /**
     * {@code logos}: the tenants' default logos by tenant id, as {@link #logos} loads them; {@code requestLogos}: where
     * a request's own logo is read.
     *
     * @throws RequestLogos.Unusable if the request's logo cannot be used
     */
    public static Optional<VisibleMarkSpec> resolve(GenerationRequest request, TenantsConfig tenants,
            Map<String, Logo> logos, RequestLogos requestLogos) {
        VisibleMark own = request.getVisibleMark();
        if (own != null) {
            String uri = own.getLogoUri();
            return Optional.of(uri == null
                    ? new VisibleMarkSpec(own.getText(), null, own.getPosition(), own.getOpacity(), own.getScale())
                    : new VisibleMarkSpec(null, requestLogos.get(uri), own.getPosition(), own.getOpacity(),
                            own.getScale()));
        }
        return tenants.find(request.getTenantId())
                .filter(t -> t.visibleMark() != null)
                .map(t -> {
                    TenantsConfig.VisibleMarkDefaults d = t.visibleMark();
                    return new VisibleMarkSpec(d.text(), logos.get(t.id()), d.position(), d.opacity(), d.scale());
                });
    }

    /** Every tenant's default logo, decoded; a logo that cannot be read fails here, at start-up, naming it. */
    public static Map<String, Logo> logos(TenantsConfig tenants) {
        Map<String, Logo> logos = new HashMap<>();
        for (TenantsConfig.Tenant tenant : tenants.known()) {
            TenantsConfig.VisibleMarkDefaults mark = tenant.visibleMark();
            if (mark != null && mark.logo() != null) {
                if (mark.text() != null) {
                    throw new IllegalArgumentException("tenant " + tenant.id()
                            + ": a visible mark is text or a logo, not both");
                }
                logos.put(tenant.id(), Logo.load(mark.logo()));
            }
        }
        return logos;
    }
}

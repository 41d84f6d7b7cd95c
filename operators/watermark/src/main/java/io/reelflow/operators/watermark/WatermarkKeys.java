package io.reelflow.operators.watermark;

import io.reelflow.config.TenantsConfig;
import io.reelflow.config.WatermarkConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which key marks whose outputs: the deployment's ({@code watermark.secret}), or a tenant's own
 * ({@code tenants.known[].watermark-secret}), so one tenant's marks cannot be read or forged with another's secret.
 */
public final class WatermarkKeys {

    /** The label of the deployment's key in {@link #all()}. */
    public static final String DEPLOYMENT = "deployment";

    private final WatermarkKey deployment;
    private final Map<String, WatermarkKey> tenants;

    private WatermarkKeys(WatermarkKey deployment, Map<String, WatermarkKey> tenants) {
        this.deployment = deployment;
        this.tenants = tenants;
    }

    /** Fails naming the tenant whose secret is blank. */
    public static WatermarkKeys of(WatermarkConfig watermark, TenantsConfig tenants) {
        Map<String, WatermarkKey> own = new LinkedHashMap<>();
        for (TenantsConfig.Tenant tenant : tenants.known()) {
            if (tenant.watermarkSecret() != null) {
                if (tenant.watermarkSecret().isBlank()) {
                    throw new IllegalArgumentException("tenant " + tenant.id() + ": watermark-secret is blank");
                }
                own.put(tenant.id(), WatermarkKey.fromSecret(tenant.watermarkSecret()));
            }
        }
        return new WatermarkKeys(WatermarkKey.fromSecret(watermark.secret()), own);
    }

    /** The key that marks {@code tenantId}'s outputs. */
    public WatermarkKey forTenant(String tenantId) {
        return tenants.getOrDefault(tenantId, deployment);
    }

    /** Every key a verifier should try, the deployment's first: {@link #DEPLOYMENT} or "tenant ID". */
    public Map<String, WatermarkKey> all() {
        Map<String, WatermarkKey> all = new LinkedHashMap<>();
        all.put(DEPLOYMENT, deployment);
        tenants.forEach((tenant, key) -> all.put("tenant " + tenant, key));
        return Collections.unmodifiableMap(all);
    }
}

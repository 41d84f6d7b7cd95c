package io.reelflow.operators.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelflow.config.ModerationConfig;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.config.TenantsConfig;
import io.reelflow.schema.ModerationDecision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TenantModeratorsTest {

    private static final ModerationConfig MODERATION = ReelflowConfig.defaults().moderation();
    private static final String DEPLOYMENT_VERSION = ModerationPolicy.load(MODERATION.policy()).version();

    @TempDir
    Path dir;

    private String overlayFile(String name, String yaml) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        return file.toString();
    }

    private static TenantsConfig.Tenant tenant(String id, String moderationPolicy) {
        return new TenantsConfig.Tenant(id, List.of(), null, null, moderationPolicy);
    }

    @Test
    void givesEachTenantItsEffectivePolicyAndTheOthersTheDeployments() throws Exception {
        String acme = overlayFile("acme.yaml", """
                version: "3"
                tenant: acme
                categories:
                  ip_brands: {decision: block}
                """);
        TenantModerators moderators = TenantModerators.load(MODERATION,
                new TenantsConfig(List.of(tenant("demo", null), tenant("acme", acme), tenant("globex", " "))));

        assertThat(moderators.forTenant("acme").moderate("pikachu in a meadow", null))
                .satisfies(verdict -> {
                    assertThat(verdict.getDecision()).isEqualTo(ModerationDecision.BLOCK);
                    assertThat(verdict.getPolicyVersion()).isEqualTo(DEPLOYMENT_VERSION + "+acme.3");
                });
        for (String other : List.of("demo", "globex", "not-configured")) {
            assertThat(moderators.forTenant(other).moderate("pikachu in a meadow", null)).satisfies(verdict -> {
                assertThat(verdict.getDecision()).isEqualTo(ModerationDecision.ALLOW);
                assertThat(verdict.getPolicyVersion()).isEqualTo(DEPLOYMENT_VERSION);
            });
        }
    }

    @Test
    void aBadOverlayFailsAtLoadNamingTheTenantTheFileAndTheCategory() throws Exception {
        String acme = overlayFile("acme.yaml", """
                version: "3"
                tenant: acme
                categories:
                  self_harm: {threshold: 0.95}
                """);

        assertThatThrownBy(() -> TenantModerators.load(MODERATION, new TenantsConfig(List.of(tenant("acme", acme)))))
                .isInstanceOf(PolicyException.class)
                .hasMessageStartingWith("tenant acme: " + acme + ": category self_harm: threshold 0.95 is higher")
                .hasMessageEndingWith("does not mark it loosenable");
    }

    @Test
    void refusesAnOverlayWrittenForAnotherTenant() throws Exception {
        String globex = overlayFile("globex.yaml", "version: \"1\"\ntenant: globex\n");

        assertThatThrownBy(() -> TenantModerators.load(MODERATION, new TenantsConfig(List.of(tenant("acme", globex)))))
                .isInstanceOf(PolicyException.class)
                .hasMessage("tenant acme: " + globex + ": written for tenant 'globex', configured for 'acme'");
    }

    @Test
    void namesTheTenantWhoseOverlayIsMissingOrMalformed() throws Exception {
        String missing = dir.resolve("missing.yaml").toString();
        String malformed = overlayFile("bad.yaml", "version: \"1\"\ntenant: acme\ncategories: {violance: {}}\n");

        assertThatThrownBy(() -> TenantModerators.load(MODERATION, new TenantsConfig(List.of(tenant("acme", missing)))))
                .isInstanceOf(PolicyException.class)
                .hasMessage("tenant acme: tenant policy overlay " + missing + " does not exist");
        assertThatThrownBy(() -> TenantModerators.load(MODERATION,
                        new TenantsConfig(List.of(tenant("acme", malformed)))))
                .isInstanceOf(PolicyException.class)
                .hasMessageStartingWith("tenant acme: " + malformed + ": categories: unknown category 'violance'");
    }
}

package io.reelflow.operators.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelflow.schema.ModerationDecision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TenantPolicyTest {

    /** A valid overlay using every key; the error cases below change one line of it. */
    private static final String VALID = """
            version: 3
            tenant: acme
            categories:
              violence_graphic:
                decision: review
                threshold: 0.8
                fields: [prompt]
                add-terms: {chainsaw: 0.4}
                add-allow-contexts: [stage blood]
              ip_brands:
                add-terms: {rival cola: 0.9}
            add-allow-contexts: [halloween gore]
            add-combinations:
              - category: violence_graphic
                score: 1.0
                all-of: [{category: ip_brands}, {category: violence_graphic, min-weight: 0.3}]
            """;

    @Test
    void readsEveryPartOfAnOverlay() {
        TenantPolicy overlay = TenantPolicy.parse(VALID, "acme.yaml");

        assertThat(overlay.version()).isEqualTo("3");
        assertThat(overlay.tenant()).isEqualTo("acme");
        assertThat(overlay.allowContexts()).containsExactly("halloween gore");
        TenantPolicy.CategoryOverlay violence = overlay.categories().get(Category.VIOLENCE_GRAPHIC);
        assertThat(violence.decision()).isEqualTo(ModerationDecision.REVIEW);
        assertThat(violence.threshold()).isEqualTo(0.8);
        assertThat(violence.fields()).containsExactly(PromptField.PROMPT);
        assertThat(violence.addTerms()).containsExactly(Map.entry("chainsaw", 0.4));
        assertThat(violence.addAllowContexts()).containsExactly("stage blood");
        TenantPolicy.CategoryOverlay brands = overlay.categories().get(Category.IP_BRANDS);
        assertThat(brands.decision()).isNull();
        assertThat(brands.threshold()).isNull();
        assertThat(brands.fields()).isNull();
        assertThat(brands.addTerms()).containsEntry("rival cola", 0.9);
        assertThat(overlay.combinations()).singleElement()
                .satisfies(c -> assertThat(c.category()).isEqualTo(Category.VIOLENCE_GRAPHIC));
    }

    @Test
    void theExampleOverlayLoadsOnTheBuiltInPolicy() {
        ModerationPolicy deployment = ModerationPolicy.load("classpath:moderation/policy.yaml");
        TenantPolicy example = TenantPolicy.load(Path.of("../../examples/moderation-acme.yaml").toString());

        ModerationPolicy effective = deployment.overlay(example);

        assertThat(effective.version()).isEqualTo(deployment.version() + "+acme." + example.version());
        String brandKit = "a can of rival cola on a beach";
        assertThat(PromptModerator.builder().policy(deployment).build().moderate(brandKit, null).getDecision())
                .isEqualTo(ModerationDecision.ALLOW);
        assertThat(PromptModerator.builder().policy(effective).build().moderate(brandKit, null).getDecision())
                .isEqualTo(ModerationDecision.REVIEW);
        // Its global allow-context reaches the loosenable categories no strict combination depends on, as documented.
        assertThat(effective.categories().values()).filteredOn(c -> c.allowContexts().contains("murder mystery"))
                .extracting(CategoryPolicy::category)
                .containsExactlyInAnyOrder(Category.VIOLENCE_GRAPHIC, Category.IP_BRANDS);
    }

    @Test
    void loadsAnOverlayFileAndNamesOneThatIsMissing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("acme.yaml");
        Files.writeString(file, VALID);

        assertThat(TenantPolicy.load(file.toString()).tenant()).isEqualTo("acme");
        assertThatThrownBy(() -> TenantPolicy.load(dir.resolve("nope.yaml").toString()))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("tenant policy overlay " + dir.resolve("nope.yaml") + " does not exist");
    }

    /** One line of {@link #VALID} replaced, and what the error must say. */
    record BadOverlay(String what, String line, String replacement, String error) {
        @Override
        public String toString() {
            return what;
        }
    }

    static List<BadOverlay> badOverlays() {
        return List.of(
                new BadOverlay("unknown root key", "tenant: acme", "tenant: acme\nowner: me", "unknown key 'owner'"),
                new BadOverlay("missing tenant", "tenant: acme", "", "'tenant' is missing"),
                new BadOverlay("missing version", "version: 3", "", "'version' is missing"),
                new BadOverlay("decimal version", "version: 3", "version: 3.10", "3.1 reads as a decimal number"),
                new BadOverlay("unknown category", "  ip_brands:", "  ip_brand:", "unknown category 'ip_brand'"),
                new BadOverlay("a policy's terms key", "add-terms: {rival", "terms: {rival",
                        "categories.ip_brands: unknown key 'terms'"),
                new BadOverlay("loosenable in an overlay", "    threshold: 0.8", "    loosenable: true",
                        "categories.violence_graphic: unknown key 'loosenable'"),
                new BadOverlay("threshold above 1", "threshold: 0.8", "threshold: 1.5",
                        "category violence_graphic: threshold 1.5 is outside [0, 1]"),
                new BadOverlay("unknown decision", "decision: review", "decision: deny", "unknown decision 'deny'"),
                new BadOverlay("no fields", "fields: [prompt]", "fields: []",
                        "category violence_graphic: fields must name at least one"),
                new BadOverlay("weight above 1", "chainsaw: 0.4", "chainsaw: 2", "term 'chainsaw' has weight 2.0"),
                new BadOverlay("bad term", "chainsaw: 0.4", "ch*: 0.4", "a '*' needs at least 3 letters"),
                new BadOverlay("allow-contexts as a map", "[halloween gore]", "{halloween: gore}",
                        "add-allow-contexts: expected a list, got a map"),
                new BadOverlay("combination of unknown category", "category: violence_graphic\n", "category: gore\n",
                        "add-combinations[0].category: unknown category 'gore'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badOverlays")
    void rejectsBadOverlaysNamingTheFileAndTheKey(BadOverlay bad) {
        String yaml = VALID.replaceFirst(Pattern.quote(bad.line()), Matcher.quoteReplacement(bad.replacement()));
        assertThat(yaml).as("test setup").isNotEqualTo(VALID);

        assertThatThrownBy(() -> TenantPolicy.parse(yaml, "acme.yaml"))
                .isInstanceOf(PolicyException.class)
                .hasMessageStartingWith("acme.yaml: ")
                .hasMessageContaining(bad.error());
    }

    @Test
    void rejectsAnEmptyOverlay() {
        assertThatThrownBy(() -> TenantPolicy.parse("", "acme.yaml"))
                .isInstanceOf(PolicyException.class)
                .hasMessage("acme.yaml: the overlay is empty");
    }
}

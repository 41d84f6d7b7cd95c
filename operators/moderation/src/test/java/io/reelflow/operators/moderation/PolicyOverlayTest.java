package io.reelflow.operators.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelflow.schema.ModerationDecision;
import io.reelflow.schema.ModerationFinding;
import io.reelflow.schema.ModerationVerdict;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The rules of {@link ModerationPolicy#overlay}, each seen in the verdicts of the effective policy. */
class PolicyOverlayTest {

    /** Shaped like the built-in policy: three loosenable categories, and combinations that depend on two of them. */
    private static final ModerationPolicy DEPLOYMENT = ModerationPolicy.parse("""
            version: "d-1"
            allow-contexts: [bloody mary]
            lexicons:
              minors: {terms: [kid, kids]}
            categories:
              sexual: {decision: block, threshold: 0.7, fields: [prompt],
                       terms: {nude: 0.5, lingerie: 0.4, naked woman: 0.85}}
              sexual_minors: {decision: block, threshold: 0.5, terms: {csam: 1.0}}
              violence_graphic: {decision: block, threshold: 0.7, loosenable: true, fields: [prompt],
                                 terms: {behead*: 0.9, bloody: 0.3, gore: 0.8}}
              public_figure_likeness: {decision: review, threshold: 0.6, loosenable: true, fields: [prompt],
                                       terms: {deepfake: 0.8, taylor swift: 0.6}}
              ip_brands: {decision: allow, threshold: 0.5, loosenable: true, fields: [prompt], terms: {pikachu: 0.7}}
            combinations:
              - {category: sexual_minors, score: 1.0, all-of: [{lexicon: minors}, {category: sexual, min-weight: 0.5}]}
              - {category: sexual, score: 1.0,
                 all-of: [{category: public_figure_likeness}, {category: sexual, min-weight: 0.5}]}
            """, "deployment.yaml");

    private static ModerationPolicy overlay(String categoriesAndMore) {
        String yaml = "version: \"3\"\ntenant: acme\n" + categoriesAndMore;
        return DEPLOYMENT.overlay(TenantPolicy.parse(yaml, "acme.yaml"));
    }

    private static ModerationVerdict moderate(ModerationPolicy policy, String prompt, String negativePrompt) {
        return PromptModerator.builder().policy(policy).build().moderate(prompt, negativePrompt);
    }

    private static ModerationDecision decide(ModerationPolicy policy, String prompt) {
        return moderate(policy, prompt, null).getDecision();
    }

    @Test
    void namesBothVersionsSoEveryVerdictTracesToBothFiles() {
        ModerationPolicy effective = overlay("categories: {}");

        assertThat(effective.version()).isEqualTo("d-1+acme.3");
        assertThat(moderate(effective, "a lake", null).getPolicyVersion()).isEqualTo("d-1+acme.3");
    }

    @Test
    void tighteningIsAlwaysAllowedEvenWhereLooseningIsNot() {
        ModerationPolicy effective = overlay("""
                categories:
                  sexual: {threshold: 0.4, fields: [prompt, negative_prompt], add-terms: {swimsuit: 0.45}}
                  sexual_minors: {add-terms: {child model: 0.6}}
                  ip_brands: {decision: block}
                """);

        assertThat(decide(DEPLOYMENT, "lingerie advert")).isEqualTo(ModerationDecision.ALLOW);
        assertThat(decide(effective, "lingerie advert")).isEqualTo(ModerationDecision.BLOCK);
        assertThat(decide(DEPLOYMENT, "a swimsuit on a beach")).isEqualTo(ModerationDecision.ALLOW);
        assertThat(decide(effective, "a swimsuit on a beach")).isEqualTo(ModerationDecision.BLOCK);
        assertThat(moderate(effective, "a beach", "nude").getFindings()).extracting(ModerationFinding::getField)
                .containsExactly("negative_prompt");
        assertThat(decide(effective, "a child model casting")).isEqualTo(ModerationDecision.BLOCK);
        assertThat(decide(DEPLOYMENT, "pikachu in a meadow")).isEqualTo(ModerationDecision.ALLOW);
        assertThat(decide(effective, "pikachu in a meadow")).isEqualTo(ModerationDecision.BLOCK);
    }

    @Test
    void loosensWhatTheDeploymentMarksLoosenable() {
        ModerationPolicy effective = overlay("""
                categories:
                  violence_graphic: {threshold: 0.85, add-allow-contexts: [stage blood]}
                  public_figure_likeness: {decision: allow}
                  ip_brands: {fields: [negative_prompt]}
                """);

        assertThat(decide(DEPLOYMENT, "zombie gore")).isEqualTo(ModerationDecision.BLOCK);
        assertThat(decide(effective, "zombie gore")).isEqualTo(ModerationDecision.ALLOW);
        assertThat(decide(effective, "a beheading")).isEqualTo(ModerationDecision.BLOCK);
        assertThat(moderate(effective, "bloody stage blood", null).getFindings()).singleElement()
                .satisfies(finding -> assertThat(finding.getEvidence()).isEqualTo("bloody"));
        assertThat(decide(DEPLOYMENT, "a deepfake interview")).isEqualTo(ModerationDecision.REVIEW);
        assertThat(decide(effective, "a deepfake interview")).isEqualTo(ModerationDecision.ALLOW);
        assertThat(effective.category(Category.IP_BRANDS).orElseThrow().fields())
                .containsExactly(PromptField.NEGATIVE_PROMPT);
    }

    /** An overlay change to a category that is not loosenable, and what the refusal must say. */
    record Loosening(String what, String categories, String why) {
        @Override
        public String toString() {
            return what;
        }
    }

    static List<Loosening> loosenings() {
        return List.of(
                new Loosening("a laxer decision", "sexual: {decision: review}",
                        "category sexual: decision review is laxer than the deployment's block"),
                new Loosening("a higher threshold", "sexual: {threshold: 0.9}",
                        "category sexual: threshold 0.9 is higher than the deployment's 0.7"),
                new Loosening("fewer fields", "sexual_minors: {fields: [prompt]}",
                        "category sexual_minors: fields drop negative_prompt"),
                new Loosening("allow-contexts", "sexual: {add-allow-contexts: [nude beach]}",
                        "category sexual: add-allow-contexts neutralise its terms"),
                new Loosening("a tightening with a loosening", "sexual: {decision: block, threshold: 0.8}",
                        "category sexual: threshold 0.8 is higher"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("loosenings")
    void refusesToLoosenACategoryTheDeploymentDoesNotMarkLoosenable(Loosening loosening) {
        assertThatThrownBy(() -> overlay("categories: {" + loosening.categories() + "}"))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining(loosening.why())
                .hasMessageMatching(".*(does not mark it loosenable|sexual_minors is never loosenable)");
    }

    @Test
    void neverLoosensMinorsAndSaysSo() {
        assertThatThrownBy(() -> overlay("categories: {sexual_minors: {decision: review, threshold: 0.9}}"))
                .isInstanceOf(PolicyException.class)
                .hasMessage("category sexual_minors: decision review is laxer than the deployment's block; "
                        + "threshold 0.9 is higher than the deployment's 0.5: that loosens it, and sexual_minors is "
                        + "never loosenable");
    }

    @Test
    void refusesAllowContextsThatWouldWeakenACombinationForACategoryThatIsNotLoosenable() {
        // "taylor swift" allowed as a likeness would also stop "a real person in sexual content" from firing.
        assertThatThrownBy(() -> overlay("categories: {public_figure_likeness: {add-allow-contexts: [taylor swift]}}"))
                .isInstanceOf(PolicyException.class)
                .hasMessage("category public_figure_likeness: add-allow-contexts would also neutralise its terms in "
                        + "the combination for sexual, which is not loosenable");
    }

    @Test
    void globalAllowContextsApplyOnlyWhereATenantMayAddThem() {
        ModerationPolicy effective = overlay("add-allow-contexts: [halloween gore, nude lipstick, taylor swift]");

        assertThat(effective.allowContexts()).containsExactly("bloody mary");
        assertThat(effective.category(Category.VIOLENCE_GRAPHIC).orElseThrow().allowContexts())
                .contains("halloween gore");
        assertThat(effective.category(Category.IP_BRANDS).orElseThrow().allowContexts()).contains("halloween gore");
        assertThat(effective.category(Category.SEXUAL).orElseThrow().allowContexts()).isEmpty();
        assertThat(effective.category(Category.PUBLIC_FIGURE_LIKENESS).orElseThrow().allowContexts()).isEmpty();
        assertThat(decide(effective, "halloween gore makeup")).isEqualTo(ModerationDecision.ALLOW);
        assertThat(moderate(effective, "nude lipstick", null).getFindings()).extracting(ModerationFinding::getCategory)
                .containsExactly("sexual");
        assertThat(moderate(effective, "taylor swift naked woman", null).getFindings().get(0).getScore())
                .isEqualTo(1.0);
    }

    @Test
    void refusesGlobalAllowContextsWhenNoCategoryMayTakeThem() {
        ModerationPolicy strict = ModerationPolicy.parse("""
                version: "s-1"
                categories:
                  sexual: {decision: block, threshold: 0.7, terms: {nude: 0.5}}
                """, "strict.yaml");
        TenantPolicy overlay = TenantPolicy.parse("""
                version: "1"
                tenant: acme
                add-allow-contexts: [nude lipstick]
                """, "acme.yaml");

        assertThatThrownBy(() -> strict.overlay(overlay))
                .isInstanceOf(PolicyException.class)
                .hasMessageStartingWith("add-allow-contexts: the deployment's policy s-1 has no category a tenant may "
                        + "add allow-contexts to");
    }

    @Test
    void aTermTheDeploymentHasRaisesItsWeightAndNeverLowersIt() {
        ModerationPolicy effective = overlay("""
                categories:
                  violence_graphic: {add-terms: {gore: 0.95, bloody: 0.1, gory: 0.6}}
                  sexual: {add-terms: {nakedwoman: 0.9}}
                """);

        assertThat(effective.category(Category.VIOLENCE_GRAPHIC).orElseThrow().terms())
                .containsEntry("gore", 0.95)
                .containsEntry("bloody", 0.3)
                .containsEntry("gory", 0.6)
                .containsEntry("behead*", 0.9);
        // "nakedwoman" matches the same words as "naked woman" (phrases also match written together): one term.
        assertThat(effective.category(Category.SEXUAL).orElseThrow().terms())
                .containsEntry("naked woman", 0.9)
                .doesNotContainKey("nakedwoman");
        assertThat(moderate(effective, "zombie gore", null).getFindings().get(0).getScore()).isEqualTo(0.95);
    }

    @Test
    void aTenantTermInsideOneOfTheDeploymentsAllowContextsDoesNotCountThere() {
        ModerationPolicy effective = overlay("categories: {ip_brands: {add-terms: {bloody mary: 0.9, mary: 0.8}}}");

        assertThat(moderate(effective, "a bloody mary cocktail", null).getFindings()).isEmpty();
        assertThat(moderate(effective, "mary on a beach", null).getFindings())
                .extracting(ModerationFinding::getEvidence)
                .containsExactly("mary");
    }

    @Test
    void addsCombinationsWhichOnlyRaiseScores() {
        ModerationPolicy effective = overlay("""
                add-combinations:
                  - {category: violence_graphic, score: 1.0,
                     all-of: [{category: ip_brands}, {category: violence_graphic, min-weight: 0.3}]}
                """);

        assertThat(decide(DEPLOYMENT, "a bloody pikachu")).isEqualTo(ModerationDecision.ALLOW);
        assertThat(decide(effective, "a bloody pikachu")).isEqualTo(ModerationDecision.BLOCK);
        assertThat(effective.combinations()).hasSize(3);
    }

    @Test
    void refusesWhatTheDeploymentDoesNotDefine() {
        assertThatThrownBy(() -> overlay("categories: {hate: {add-terms: {slur: 0.9}}}"))
                .isInstanceOf(PolicyException.class)
                .hasMessageStartingWith("category hate: not in the deployment's policy d-1");
        assertThatThrownBy(() -> overlay("add-combinations: [{category: sexual, score: 1, all-of: [{lexicon: x}]}]"))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("unknown lexicon 'x'");
    }

    @Test
    void leavesTheDeploymentsPolicyAsItWas() {
        overlay("categories: {violence_graphic: {threshold: 0.2, add-terms: {gory: 0.6}}}");

        CategoryPolicy violence = DEPLOYMENT.category(Category.VIOLENCE_GRAPHIC).orElseThrow();
        assertThat(violence.threshold()).isEqualTo(0.7);
        assertThat(violence.terms()).doesNotContainKey("gory");
        assertThat(violence.loosenable()).isTrue();
    }
}

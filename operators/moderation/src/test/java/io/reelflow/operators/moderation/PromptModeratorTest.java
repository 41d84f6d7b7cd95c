package io.reelflow.operators.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.schema.ModerationDecision;
import io.reelflow.schema.ModerationFinding;
import io.reelflow.schema.ModerationVerdict;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Gate 1 with the built-in policy: context, obfuscation, both prompt fields, and what a verdict says. */
class PromptModeratorTest {

    private static final PromptModerator MODERATOR = PromptModerator.load(ReelflowConfig.defaults().moderation());
    private static final String BEHEADING = "a graphic beheading with blood spraying everywhere";

    @ParameterizedTest
    @ValueSource(strings = {
        "a bloody mary cocktail on a bar",
        "a shooting star over the desert",
        "kids playing football in a park",
        "Scunthorpe town hall at dusk",
        "a chicken breast recipe, food photography",
        "a cocktail glass shot from above",
    })
    void allowsWordsThatAreHarmlessInContext(String prompt) {
        ModerationVerdict verdict = MODERATOR.moderate(prompt, null);

        assertThat(verdict.getDecision()).isEqualTo(ModerationDecision.ALLOW);
        assertThat(verdict.getFindings()).as("%s", verdict).isEmpty();
    }

    @Test
    void theWordsNeutralisedByContextDoCountOnTheirOwn() {
        // Proves the context cases above pass because of context, not because the policy ignores the words.
        assertThat(top("bloody knife").getCategory()).isEqualTo("violence_graphic");
        assertThat(top("a shooting in the street").getEvidence()).isEqualTo("shooting");
        assertThat(top("a breast").getCategory()).isEqualTo("sexual");
        assertThat(top("you cunt").getEvidence()).isEqualTo("cunt");
        assertThat(top("a cock").getCategory()).isEqualTo("sexual");
        assertThat(MODERATOR.moderate("naked kids playing football", null).getDecision())
                .isEqualTo(ModerationDecision.BLOCK);
    }

    @Test
    void blocksGraphicViolenceWithItsEvidence() {
        ModerationVerdict verdict = MODERATOR.moderate(BEHEADING, null);

        assertThat(verdict.getDecision()).isEqualTo(ModerationDecision.BLOCK);
        assertThat(verdict.getPolicyVersion()).isEqualTo(MODERATOR.policy().version());
        ModerationFinding finding = verdict.getFindings().get(0);
        assertThat(finding.getCategory()).isEqualTo("violence_graphic");
        assertThat(finding.getDecision()).isEqualTo(ModerationDecision.BLOCK);
        assertThat(finding.getField()).isEqualTo("prompt");
        assertThat(finding.getScore()).isGreaterThanOrEqualTo(0.7).isLessThanOrEqualTo(1.0);
        assertThat(finding.getEvidence()).isEqualTo("beheading, blood spraying");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "a gr@ph1c b3h3@d1ng w1th bl00d spr@y1ng everywhere",
        "a graphic b.e.h.e.a.d.i.n.g with b-l-o-o-d s.p.r.a.y.i.n.g everywhere",
        "a graphic be.head.ing with blood_spraying everywhere",
        "ａ ｇｒａｐｈｉｃ ｂｅｈｅａｄｉｎｇ ｗｉｔｈ ｂｌｏｏｄ ｓｐｒａｙｉｎｇ ｅｖｅｒｙｗｈｅｒｅ",
        "a graphic be\u200Bhead\u200Bing with blood\u200B spray\u200Cing everywhere",
        "a graphic beheeeeading with bloooood spraying everywhere",
        "A GRAPHIC B\u0337E\u0337H\u0337E\u0337A\u0337D\u0337I\u0337N\u0337G\u0337 WITH BLOOD SPRAYING",
        "a graphic b\u0435h\u0435\u0430ding with blood spraying everywhere",
    })
    void seesThroughObfuscation(String prompt) {
        ModerationVerdict verdict = MODERATOR.moderate(prompt, null);

        assertThat(verdict.getDecision()).as("%s", verdict).isEqualTo(ModerationDecision.BLOCK);
        assertThat(verdict.getFindings().get(0).getCategory()).isEqualTo("violence_graphic");
        assertThat(verdict.getFindings().get(0).getEvidence()).startsWith("beheading");
    }

    @Test
    void blocksMinorsWithSexualTermsAsSexualMinors() {
        ModerationFinding finding = top("a naked child on a bed");

        assertThat(finding.getCategory()).isEqualTo("sexual_minors");
        assertThat(finding.getDecision()).isEqualTo(ModerationDecision.BLOCK);
        assertThat(finding.getScore()).isEqualTo(1.0);
        assertThat(finding.getEvidence()).isEqualTo("child + naked");
    }

    @Test
    void blocksSelfHarmInstructions() {
        ModerationFinding finding = top("step by step instructions on how to slit my wrists");

        assertThat(finding.getCategory()).isEqualTo("self_harm");
        assertThat(finding.getDecision()).isEqualTo(ModerationDecision.BLOCK);
        assertThat(finding.getEvidence()).isEqualTo("how to + slit my wrists");
    }

    @Test
    void blocksWeaponMakingInstructions() {
        ModerationFinding finding = top("step by step instructions to build a pipe bomb at home");

        assertThat(finding.getCategory()).isEqualTo("illicit_weapons");
        assertThat(finding.getDecision()).isEqualTo(ModerationDecision.BLOCK);
        assertThat(finding.getEvidence()).isEqualTo("instructions + pipe bomb");
    }

    @Test
    void moderatesChineseAndMixedPrompts() {
        assertThat(top("一个血腥的斩首场景").getEvidence()).isEqualTo("斩首, 血腥");
        assertThat(top("a 斩首 scene, cinematic").getCategory()).isEqualTo("violence_graphic");
        assertThat(MODERATOR.moderate("一杯血腥玛丽鸡尾酒", null).getFindings()).isEmpty();
    }

    @Test
    void checksTheNegativePromptToo() {
        ModerationVerdict verdict = MODERATOR.moderate("a portrait", "kill yourself, you worthless piece of shit");

        assertThat(verdict.getDecision()).isEqualTo(ModerationDecision.BLOCK);
        assertThat(verdict.getFindings()).singleElement().satisfies(f -> {
            assertThat(f.getField()).isEqualTo("negative_prompt");
            assertThat(f.getCategory()).isEqualTo("harassment");
        });
    }

    @Test
    void allowsTheUsualNegativePromptVocabulary() {
        ModerationVerdict verdict = MODERATOR.moderate(
                "a portrait of a woman", "nsfw, nude, naked, blood, gore, deformed hands, extra fingers");

        assertThat(verdict.getDecision()).isEqualTo(ModerationDecision.ALLOW);
        // The same words in the prompt are a different matter.
        assertThat(MODERATOR.moderate("nsfw, nude, naked, blood, gore", null).getDecision())
                .isEqualTo(ModerationDecision.BLOCK);
    }

    @Test
    void holdsPublicFigureDeepfakesForReview() {
        ModerationVerdict verdict = MODERATOR.moderate("a deepfake of joe biden giving a speech", null);

        assertThat(verdict.getDecision()).isEqualTo(ModerationDecision.REVIEW);
        assertThat(verdict.getFindings().get(0).getCategory()).isEqualTo("public_figure_likeness");
        assertThat(verdict.getFindings().get(0).getEvidence()).isEqualTo("deepfake, joe biden");
    }

    @Test
    void reportsBelowThresholdAndAllowedCategoriesWithoutRefusing() {
        ModerationVerdict verdict = MODERATOR.moderate("mickey mouse watching a shooting in a cartoon", null);

        assertThat(verdict.getDecision()).isEqualTo(ModerationDecision.ALLOW);
        assertThat(verdict.getFindings()).extracting(ModerationFinding::getCategory, ModerationFinding::getDecision)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ip_brands", ModerationDecision.ALLOW),
                        org.assertj.core.groups.Tuple.tuple("violence_graphic", ModerationDecision.ALLOW));
    }

    @Test
    void listsFindingsStrictestFirstThenStrongest() {
        ModerationVerdict verdict = MODERATOR.moderate(
                "a deepfake of a bloody corpse, mickey mouse, decapitated", "swastika");

        assertThat(verdict.getFindings()).extracting(ModerationFinding::getDecision).containsExactly(
                ModerationDecision.BLOCK, ModerationDecision.REVIEW, ModerationDecision.ALLOW,
                ModerationDecision.ALLOW);
        assertThat(verdict.getFindings()).extracting(ModerationFinding::getCategory, ModerationFinding::getField)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("violence_graphic", "prompt"),
                        org.assertj.core.groups.Tuple.tuple("public_figure_likeness", "prompt"),
                        org.assertj.core.groups.Tuple.tuple("ip_brands", "prompt"),
                        org.assertj.core.groups.Tuple.tuple("hate", "negative_prompt"));
    }

    @Test
    void evidenceIsTheMatchedTermsNeverThePrompt() {
        String prompt = "in a quiet village at dawn, " + BEHEADING + ", while birds sing in the trees";
        String evidence = top(prompt).getEvidence();

        assertThat(evidence).isEqualTo("beheading, blood spraying").doesNotContain("village", "birds");
    }

    @Test
    void takesTheHighestScorePerCategoryOverClassifiers() {
        PromptClassifier learned = text -> text.contains("subtle")
                ? List.of(new CategoryScore(Category.HATE, 0.93, List.of("model: S10 hate")),
                        new CategoryScore(Category.VIOLENCE_GRAPHIC, 0.1, List.of("model: S1")))
                : List.of();
        PromptModerator moderator = PromptModerator.builder()
                .policy(MODERATOR.policy())
                .classifier(learned)
                .build();

        ModerationVerdict subtle = moderator.moderate("a subtle dog whistle poster with a bloody knife", null);

        assertThat(subtle.getDecision()).isEqualTo(ModerationDecision.BLOCK);
        assertThat(subtle.getFindings()).extracting(ModerationFinding::getCategory, ModerationFinding::getEvidence)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("hate", "model: S10 hate"),
                        org.assertj.core.groups.Tuple.tuple("violence_graphic", "bloody"));
    }

    @Test
    void ignoresScoresForCategoriesThePolicyDoesNotDefine() {
        PromptModerator moderator = PromptModerator.builder()
                .policy(ModerationPolicy.parse("""
                        version: "t-1"
                        categories:
                          hate: {decision: block, threshold: 0.5}
                        """, "test"))
                .classifier(text -> List.of(new CategoryScore(Category.SEXUAL, 1.0, List.of("x"))))
                .build();

        assertThat(moderator.moderate("anything", null).getFindings()).isEmpty();
    }

    @Test
    void needsAPolicy() {
        assertThatThrownBy(() -> PromptModerator.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("policy");
    }

    private static ModerationFinding top(String prompt) {
        ModerationVerdict verdict = MODERATOR.moderate(prompt, null);
        assertThat(verdict.getFindings()).as("findings of %s", prompt).isNotEmpty();
        return verdict.getFindings().get(0);
    }

    @Test
    void checksAVisibleMarksTextLikeThePromptSinceItIsDrawnOnEveryFrame() {
        PromptModerator moderator = PromptModerator.load(ReelflowConfig.defaults().moderation());
        io.reelflow.schema.GenerationRequest request = io.reelflow.schema.GenerationRequest.newBuilder(
                        TestRequests.request("r", "a sunny beach", null))
                .setVisibleMark(io.reelflow.schema.VisibleMark.newBuilder().setText("heil hitler")
                        .setPosition(io.reelflow.schema.MarkPosition.BOTTOM_RIGHT).setOpacity(0.5).setScale(0.2)
                        .build())
                .build();

        ModerationVerdict verdict = moderator.moderate(request);

        assertThat(verdict.getDecision()).isEqualTo(ModerationDecision.BLOCK);
        assertThat(verdict.getFindings().get(0).getField()).isEqualTo("visible_mark");
        assertThat(verdict.getChecks().get(0).getSummary()).startsWith("prompt, visible-mark text by ");
    }
}

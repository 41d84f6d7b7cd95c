package io.reelflow.operators.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RulesClassifierTest {

    private static final RulesClassifier RULES = new RulesClassifier(ModerationPolicy.parse("""
            version: "t-1"
            allow-contexts: [bloody mary]
            lexicons:
              minors: {terms: [kid, kids], allow-contexts: [kid gloves]}
            categories:
              sexual:
                decision: block
                threshold: 0.7
                terms: {nude: 0.5, naked: 0.6, naked woman: 0.85, breast: 0.3}
                allow-contexts: [chicken breast]
              sexual_minors: {decision: block, threshold: 0.5}
              violence_graphic:
                decision: block
                threshold: 0.7
                terms: {bloody: 0.3, corpse: 0.4, breast: 0.2}
            combinations:
              - category: sexual_minors
                score: 1.0
                all-of: [{lexicon: minors}, {category: sexual, min-weight: 0.5}]
              - category: violence_graphic
                score: 0.9
                all-of: [{lexicon: minors}, {category: violence_graphic}]
            """, "test"));

    @Test
    void combinesDistinctTermsAsIndependentEvidence() {
        Map<Category, CategoryScore> scores = classify("a bloody corpse");

        // 1 - (1 - 0.3)(1 - 0.4)
        assertThat(scores.get(Category.VIOLENCE_GRAPHIC).score()).isCloseTo(0.58, within(1e-9));
        assertThat(scores.get(Category.VIOLENCE_GRAPHIC).evidence()).containsExactly("corpse", "bloody");
    }

    @Test
    void countsATermInsideALongerTermOfTheSameCategoryOnce() {
        Map<Category, CategoryScore> scores = classify("a naked woman on a beach");

        assertThat(scores.get(Category.SEXUAL).score()).isCloseTo(0.85, within(1e-9));
        assertThat(scores.get(Category.SEXUAL).evidence()).containsExactly("naked woman");
    }

    @Test
    void allowContextsNeutraliseOnlyTheOccurrenceInsideThem() {
        assertThat(classify("a bloody mary")).isEmpty();
        assertThat(classify("a bloody mary next to a bloody knife").get(Category.VIOLENCE_GRAPHIC).evidence())
                .containsExactly("bloody");
    }

    @Test
    void aCategorysAllowContextsApplyToThatCategoryOnly() {
        Map<Category, CategoryScore> scores = classify("a chicken breast");

        assertThat(scores).doesNotContainKey(Category.SEXUAL);
        assertThat(scores.get(Category.VIOLENCE_GRAPHIC).evidence()).containsExactly("breast");
    }

    @Test
    void aLexiconAloneScoresNothing() {
        assertThat(classify("kids playing football")).isEmpty();
    }

    @Test
    void aCombinationScoresWhateverTheSingleTermsScore() {
        CategoryScore minors = classify("a nude kid").get(Category.SEXUAL_MINORS);

        assertThat(minors.score()).isEqualTo(1.0);
        assertThat(minors.evidence()).containsExactly("kid + nude");
    }

    @Test
    void aCombinationNeedsTermsOfItsMinimumWeight() {
        assertThat(classify("kids near a breast")).doesNotContainKey(Category.SEXUAL_MINORS);
    }

    @Test
    void aCombinationRaisesItsCategoryAndReplacesTheTermsItExplains() {
        CategoryScore violence = classify("a bloody corpse and kids").get(Category.VIOLENCE_GRAPHIC);

        assertThat(violence.score()).isEqualTo(0.9);
        assertThat(violence.evidence()).containsExactly("kids + corpse", "bloody");
    }

    @Test
    void lexiconAllowContextsKeepAWordOutOfCombinations() {
        assertThat(classify("nude kid gloves")).doesNotContainKey(Category.SEXUAL_MINORS);
    }

    @Test
    void matchesChineseTermsWrittenInPinyin() {
        for (String prompt : List.of("seqing tupian", "se qing", "SÈQÍNG", "sè qíng", "se4 qing2", "se4qing2",
                "a se-qing photo")) {
            assertThat(classify(CHINESE, prompt).get(Category.SEXUAL).evidence()).as(prompt).containsExactly("色情");
        }
        assertThat(classify(CHINESE, "zhizuo zhadan").get(Category.ILLICIT_WEAPONS).evidence())
                .containsExactly("制作炸弹");
    }

    @Test
    void pinyinCountsAsTheChineseItSpellsNotAsMoreEvidence() {
        assertThat(classify(CHINESE, "色情 seqing").get(Category.SEXUAL).score()).isEqualTo(0.95);
    }

    @Test
    void pinyinMatchesNoSingleSyllableAndNoOtherSpelling() {
        assertThat(classify(CHINESE, "se or qing, a sequin dress, shanghai, zha dan")).isEmpty();
    }

    @Test
    void aPinyinCollisionIsNeutralisedByItsAllowContext() {
        // 紫砂 (zǐshā, Yixing clay) and 自杀 (zìshā, suicide) are both "zisha" without tones.
        assertThat(classify(CHINESE, "zisha").get(Category.SELF_HARM).evidence()).containsExactly("自杀");
        assertThat(classify(CHINESE, "a zisha teapot")).doesNotContainKey(Category.SELF_HARM);
    }

    private static final RulesClassifier CHINESE = new RulesClassifier(ModerationPolicy.parse("""
            version: "t-1"
            categories:
              sexual: {decision: block, threshold: 0.7, terms: {色情: 0.95}}
              self_harm: {decision: block, threshold: 0.7, terms: {自杀: 0.6}, allow-contexts: [zisha teapot]}
              illicit_weapons: {decision: block, threshold: 0.7, terms: {制作炸弹: 0.95, 炸: 0.2}}
            """, "test"));

    private static Map<Category, CategoryScore> classify(RulesClassifier rules, String text) {
        return rules.classify(text).stream().collect(Collectors.toMap(CategoryScore::category, s -> s));
    }

    private static Map<Category, CategoryScore> classify(String text) {
        List<CategoryScore> scores = RULES.classify(text);
        return scores.stream().collect(Collectors.toMap(CategoryScore::category, s -> s));
    }
}

package io.reelflow.operators.moderation.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelflow.operators.moderation.ModerationPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PinyinTest {

    private static final Pinyin PINYIN = Pinyin.builtIn();

    @Test
    void spellsATermWithEveryGroupingOfItsSyllables() {
        assertThat(spellings("制作炸弹")).contains("zhi zuo zha dan", "zhizuo zhadan", "zhi zuozhadan",
                "zhizuozhadan");
        assertThat(spellings("色情")).contains("se qing", "seqing", "shai qing");
    }

    @Test
    void spellsUmlautAsVAndU() {
        assertThat(spellings("幼女")).contains("you nv", "younv", "you nu", "younu");
    }

    @Test
    void spellsNoSingleCharacterMixedOrLatinTerm() {
        assertThat(spellings("卐")).isEmpty();
        assertThat(spellings("3d打印枪")).isEmpty();
        assertThat(spellings("av女优")).isEmpty();
        assertThat(spellings("nude woman")).isEmpty();
    }

    @Test
    void boundsTheSpellingsOfTermsFullOfHeteronyms() {
        // 色 se/shai, 血 xue/xie, 弹 dan/tan, 传 chuan/zhuan: 16 sequences, so each character's first reading.
        assertThat(spellings("色血弹传")).contains("se xue dan chuan").doesNotContain("shai xue dan chuan");
    }

    @Test
    void theTableCoversEveryCharacterOfTheBuiltInPolicysChineseTerms() {
        ModerationPolicy policy = ModerationPolicy.load("classpath:moderation/policy.yaml");
        List<String> texts = new ArrayList<>(policy.allowContexts());
        policy.lexicons().values().forEach(l -> Stream.of(l.terms(), l.allowContexts()).forEach(texts::addAll));
        policy.categories().values().forEach(c -> {
            texts.addAll(c.terms().keySet());
            texts.addAll(c.allowContexts());
        });
        TreeSet<String> missing = new TreeSet<>();
        for (String text : texts) {
            List<String> words = Phrase.parse(text.replace("*", "")).words();
            boolean hanOnly = words.stream().allMatch(w -> TextNormalizer.isHan(w.codePointAt(0)));
            if (hanOnly && words.size() >= 2) {
                words.stream().filter(w -> !PINYIN.covers(w.codePointAt(0)))
                        .forEach(w -> missing.add(w + " in " + text));
            }
        }
        assertThat(missing).as("characters missing from %s", Pinyin.TABLE).isEmpty();
    }

    @Test
    void rejectsATableLineWithoutToneDigits() {
        assertThatThrownBy(() -> Pinyin.parse("色 se")).hasMessageContaining("'se' is not a syllable");
        assertThatThrownBy(() -> Pinyin.parse("色情 se4")).hasMessageContaining("expected a character");
    }

    private static List<String> spellings(String term) {
        return PINYIN.spellings(Phrase.parse(term)).stream().map(p -> String.join(" ", p.words())).toList();
    }
}

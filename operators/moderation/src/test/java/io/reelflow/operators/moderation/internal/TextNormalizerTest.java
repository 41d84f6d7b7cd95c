package io.reelflow.operators.moderation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextNormalizerTest {

    @Test
    void foldsCaseFullWidthFormsAndLigatures() {
        assertThat(TextNormalizer.fold("ＢＥＨＥＡＤ Ｋｉｌｌ ﬁre")).isEqualTo("behead kill fire");
    }

    @Test
    void removesZeroWidthCharactersSoftHyphensAndCombiningMarks() {
        assertThat(TextNormalizer.fold("be\u200Bhe\u200Cad\u200Di\u2060n\uFEFFg")).isEqualTo("beheading");
        assertThat(TextNormalizer.fold("ki\u00ADll")).isEqualTo("kill");
        assertThat(TextNormalizer.fold("k\u0337i\u0337l\u0337l\u0337 café")).isEqualTo("kill cafe");
    }

    @Test
    void foldsCyrillicAndGreekLookAlikesToLatin() {
        // Cyrillic а, е, о and Greek ο inside otherwise Latin words.
        assertThat(TextNormalizer.fold("n\u0430ked b\u0435he\u0430d bl\u03bf\u043ed")).isEqualTo("naked behead blood");
    }

    @Test
    void foldsLookAlikesOfOtherScriptsAndSmallCapitals() {
        // Cyrillic capitals lower-cased (Н, Т, М become н, т, м), Armenian ո and ս, small capitals.
        assertThat(TextNormalizer.fold("НАТЕ ոսde ᴋɪʟʟ һаτеԝ")).isEqualTo("hate nude kill hatew");
    }

    @Test
    void leavesLatinAccentsAsLettersAndChineseAsItIs() {
        assertThat(TextNormalizer.fold("Café naïve Ærø 色情")).isEqualTo("cafe naive ærø 色情");
    }

    @Test
    void noCharacterBelowTheHanFastPathIsHanOrKana() {
        for (int cp = 0; cp < TextNormalizer.FIRST_HAN_OR_KANA; cp++) {
            Character.UnicodeScript script = Character.UnicodeScript.of(cp);
            assertThat(script).as("U+%04X", cp).isNotIn(Character.UnicodeScript.HAN,
                    Character.UnicodeScript.HIRAGANA, Character.UnicodeScript.KATAKANA);
        }
    }

    @Test
    void foldsAsciiLikeAnyOtherText() {
        // ASCII skips the Unicode passes; with one non-ASCII character the same text takes them.
        assertThat(TextNormalizer.fold("A\tB-C_d\u007F") + "e").isEqualTo(TextNormalizer.fold("A\tB-C_d\u007Fé"));
    }

    @Test
    void dropsPinyinToneMarks() {
        assertThat(TextNormalizer.fold("sèqíng luǒtǐ měinǚ")).isEqualTo("seqing luoti meinu");
    }

    @Test
    void splitsWordsAtPunctuationAndKeepsHanCharactersApart() {
        assertThat(TextNormalizer.words("a 16:9 video, $5 off @brand; 斩首scene"))
                .containsExactly("a", "16", "9", "video", "$5", "off", "@brand", "斩", "首", "scene");
    }

    @Test
    void joinsSpelledOutLettersOnlyInRunsOfThreeOrMore() {
        assertThat(TextNormalizer.joinSingleCharacterRuns(List.of("a", "s", "e", "x", "scene"), new BitSet()))
                .containsExactly(List.of("a", "s", "e", "x"), List.of("scene"));
        assertThat(TextNormalizer.joinSingleCharacterRuns(List.of("a", "b", "testing"), new BitSet()))
                .containsExactly(List.of("a"), List.of("b"), List.of("testing"));
    }

    @Test
    void aDoubleSpaceEndsASpelledOutWord() {
        assertThat(firstForms("l o l i  n u d e")).contains(List.of("loli", "nude"));
        assertThat(firstForms("l o l i n u d e")).contains(List.of("lolinude"));
    }

    @Test
    void aSpelledOutWordAlsoReadsWithoutTheArticleBeforeIt() {
        List<List<Token>> views = TextNormalizer.views("a n a k e d woman");

        assertThat(views.get(1).get(0).forms()).contains("anaked", "naked");
        assertThat(TextNormalizer.views("a b testing")).hasSize(1);
    }

    @Test
    void compactChunksDropPunctuationInsideWordsButKeepSpaces() {
        assertThat(TextNormalizer.compactChunks("be.head.ing k-i-l-l self-harm now"))
                .containsExactly("beheading", "kill", "selfharm", "now");
    }

    @Test
    void compactChunksKeepOnlyStarsThatMaskALetter() {
        assertThat(TextNormalizer.compactChunks("p*rn f**k a 5* hotel, **bold**, note*"))
                .containsExactly("p*rn", "f**k", "a", "5", "hotel", "bold", "note");
    }

    @Test
    void viewsCoverSeparatedLettersAndPunctuatedWords() {
        assertThat(firstForms("s.e.x scene")).contains(List.of("sex", "scene"));
        assertThat(firstForms("a be.head.ing")).contains(List.of("a", "beheading"));
        assertThat(firstForms("a plain prompt")).containsExactly(List.of("a", "plain", "prompt"));
    }

    /** Each view as the first form of its tokens. */
    private static List<List<String>> firstForms(String text) {
        return TextNormalizer.views(text).stream()
                .map(view -> view.stream().map(t -> t.forms().get(0)).toList())
                .toList();
    }
}

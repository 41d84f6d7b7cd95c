package io.reelflow.operators.moderation.internal;

import static org.assertj.core.api.Assertions.assertThat;

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
    void splitsWordsAtPunctuationAndKeepsHanCharactersApart() {
        assertThat(TextNormalizer.words("a 16:9 video, $5 off @brand; 斩首scene"))
                .containsExactly("a", "16", "9", "video", "$5", "off", "@brand", "斩", "首", "scene");
    }

    @Test
    void joinsSpelledOutLettersOnlyInRunsOfThreeOrMore() {
        assertThat(TextNormalizer.joinSingleCharacterRuns(List.of("a", "s", "e", "x", "scene")))
                .containsExactly("asex", "scene");
        assertThat(TextNormalizer.joinSingleCharacterRuns(List.of("a", "b", "testing")))
                .containsExactly("a", "b", "testing");
    }

    @Test
    void compactChunksDropPunctuationInsideWordsButKeepSpaces() {
        assertThat(TextNormalizer.compactChunks("be.head.ing k-i-l-l self-harm now"))
                .containsExactly("beheading", "kill", "selfharm", "now");
    }

    @Test
    void viewsCoverSeparatedLettersAndPunctuatedWords() {
        assertThat(firstForms("s.e.x scene")).contains(List.of("sex", "scene"));
        assertThat(firstForms("a be.head.ing")).contains(List.of("a", "beheading"));
        assertThat(firstForms("a plain prompt")).containsExactly(List.of("a", "plain", "prompt"));
    }

    /** Each view as the written form of its tokens (the last form is always the word as written). */
    private static List<List<String>> firstForms(String text) {
        return TextNormalizer.views(text).stream()
                .map(view -> view.stream().map(t -> t.forms().get(t.forms().size() - 1)).toList())
                .toList();
    }
}

package io.reelflow.operators.moderation.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PhraseIndexTest {

    @Test
    void matchesWholeWordsOnly() {
        PhraseIndex<String> index = index("cunt", "ass");

        assertThat(found(index, "scunthorpe town hall, a bass guitar, class photo")).isEmpty();
        assertThat(found(index, "you cunt")).containsExactly("cunt");
    }

    @Test
    void matchesPhrasesAcrossWordsAndWrittenTogether() {
        PhraseIndex<String> index = index("blood spraying");

        assertThat(found(index, "blood, spraying")).containsExactly("blood spraying");
        assertThat(found(index, "bloodspraying")).containsExactly("blood spraying");
        assertThat(found(index, "blood is spraying")).isEmpty();
    }

    @Test
    void completesPrefixesWithTheWordThatMatched() {
        PhraseIndex<String> index = index("behead*");

        assertThat(found(index, "beheaded")).containsExactly("beheaded");
        assertThat(found(index, "b3h3@d1ng")).containsExactly("beheading");
        assertThat(found(index, "behea")).isEmpty();
    }

    @Test
    void matchesStretchedWordsButNotShorterOnes() {
        PhraseIndex<String> index = index("kill", "ass");

        assertThat(found(index, "kiiiill")).containsExactly("kill");
        assertThat(found(index, "assss")).containsExactly("ass");
        assertThat(found(index, "as far as")).isEmpty();
    }

    @Test
    void reportsWhereEachPhraseOccurs() {
        PhraseIndex<String> index = index("bloody", "bloody mary");

        List<PhraseIndex.Match<String>> matches = index.find(TextNormalizer.views("a bloody mary").get(0));

        assertThat(matches).extracting(PhraseIndex.Match::text, PhraseIndex.Match::start, PhraseIndex.Match::end)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("bloody", 1, 2),
                        org.assertj.core.groups.Tuple.tuple("bloody mary", 1, 3));
    }

    @Test
    void matchesChineseInsideUnspacedText() {
        PhraseIndex<String> index = index("斩首");

        assertThat(found(index, "一个斩首场景")).containsExactly("斩首");
        assertThat(found(index, "斩一首")).isEmpty();
    }

    @Test
    void rejectsMalformedTerms() {
        assertThatThrownBy(() -> Phrase.parse("*kill")).hasMessageContaining("only allowed at the end");
        assertThatThrownBy(() -> Phrase.parse("ki*")).hasMessageContaining("at least 3 letters");
        assertThatThrownBy(() -> Phrase.parse(" -- ")).hasMessageContaining("no letters or digits");
    }

    private static PhraseIndex<String> index(String... phrases) {
        PhraseIndex<String> index = new PhraseIndex<>();
        for (String phrase : phrases) {
            index.add(Phrase.parse(phrase), phrase);
        }
        return index;
    }

    private static List<String> found(PhraseIndex<String> index, String text) {
        return TextNormalizer.views(text).stream()
                .flatMap(view -> index.find(view).stream())
                .map(PhraseIndex.Match::text)
                .distinct()
                .toList();
    }
}

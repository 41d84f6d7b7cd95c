package io.reelflow.operators.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A request's own blocked terms: found through the policy's normalisation, literal, whole words only. */
class BlockedTermsTest {

    private static final BlockedTerms FIZZCO = BlockedTerms.of(List.of("FizzCo", "knock-off", "sugar rush"));

    @ParameterizedTest
    @ValueSource(strings = {
        "a can of fizzco on ice",
        "a can of FIZZCO on ice",
        "a can of ＦｉｚｚＣｏ on ice", // full width
        "a can of fízzcó on ice", // accents
        "a can of fіzzсo on ice", // Cyrillic і and с
        "a can of fizz\u200Bco on ice", // zero-width space
        "a can of f i z z c o on ice", // spelled out
        "a can of f1zzc0 on ice", // leetspeak
        "a can of fizzzzco on ice", // stretched
    })
    void findsATermThroughTheEvasionsThePolicyUndoes(String prompt) {
        assertThat(FIZZCO.find(prompt)).containsExactly("fizzco");
    }

    @Test
    void findsPhrasesAsWordsOrWrittenTogetherAndNamesEveryTermFound() {
        assertThat(FIZZCO.find("a knock off bottle, a Sugar-Rush!")).containsExactly("knock off", "sugar rush");
        assertThat(FIZZCO.find("a knockoff bottle")).containsExactly("knock off");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "a can of fizz on ice", // part of the term
        "a can of fizzcola on ice", // a longer word: terms are whole words, never prefixes
        "a fizz co-op", // the term's letters split into other words
        "a sugar cube, a rush of wind", // a phrase's words apart
        "knock on wood",
        "two knock-offs", // other word forms are other words: list them too
    })
    void nearMissesDoNotMatch(String prompt) {
        assertThat(FIZZCO.find(prompt)).isEmpty();
    }

    @Test
    void hostileTermsAreLiteralTextNotPatterns() {
        BlockedTerms hostile = BlockedTerms.of(List.of(".*", "a.*b", "(x+)+$", "acme*", "[a-z]", "  ", "\u200B"));

        assertThat(hostile.find("anything at all, a lake at dawn")).isEmpty();
        assertThat(hostile.find("acmeco tools")).as("'*' is not a prefix here").isEmpty();
        assertThat(hostile.find("an acme anvil")).containsExactly("acme");
        assertThat(hostile.find("a then b: a b")).containsExactly("a b");
        assertThat(hostile.find("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx!")).isEmpty();
        assertThat(hostile.find("the x")).as("'(x+)+$' is the words 'x $'").isEmpty();
        // ".*", "  " and the zero-width space have no words left after folding: they match nothing.
        assertThat(hostile.size()).isEqualTo(4);
    }

    @Test
    void chineseTermsMatchInUnspacedTextAndAsPinyinWhereTheTableHasTheirCharacters() {
        BlockedTerms cola = BlockedTerms.of(List.of("可口可乐", "色情"));

        assertThat(cola.find("一瓶可口可乐在桌上")).containsExactly("可口可乐");
        assertThat(cola.find("一瓶可乐")).isEmpty();
        assertThat(cola.find("a seqing poster")).containsExactly("色情");
    }

    @Test
    void noTermsFindNothing() {
        assertThat(BlockedTerms.of(List.of()).find("fizzco")).isEmpty();
    }
}

package io.reelflow.operators.moderation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenTest {

    @Test
    void decodesLeetspeakAndKeepsTheWordAsWritten() {
        assertThat(Token.of("b3h3@d").forms()).containsExactly("behead", "b3h3@d");
        assertThat(Token.of("$3x").forms()).containsExactly("sex", "$3x");
        assertThat(Token.of("5l@$h").forms()).containsExactly("slash", "5l@$h");
    }

    @Test
    void readsAnAmbiguousOneAsBothIAndL() {
        assertThat(Token.of("k1ll").forms()).contains("kill", "klll");
        assertThat(Token.of("b1ood").forms()).contains("blood", "biood");
    }

    @Test
    void boundsTheReadingsOfLongRunsOfOnes() {
        assertThat(Token.of("a1111111").forms()).containsExactly("aiiiiiii", "alllllll", "a1111111");
    }

    @Test
    void leavesNumbersAndWordsWithoutLeetAlone() {
        assertThat(Token.of("1080").forms()).containsExactly("1080");
        assertThat(Token.of("ak47").forms()).contains("ak47");
        assertThat(Token.of("kill").forms()).containsExactly("kill");
    }

    @Test
    void readsAMaskedLetterAsAnyLetter() {
        assertThat(Token.of("p*rn").forms()).contains("porn", "p*rn").hasSize(27);
        assertThat(Token.of("f**k").forms()).contains("fuck").hasSize(26 * 26 + 1);
        assertThat(Token.of("a***b").forms()).containsExactly("a***b");
    }

    @Test
    void dropsPinyinToneDigitsAfterASyllable() {
        assertThat(Token.of("qing2").forms()).containsExactly("qing", "qing2");
        assertThat(Token.of("se4qing2").forms()).contains("seqing");
        assertThat(Token.of("nv3").forms()).contains("nv");
    }

    @Test
    void leavesDigitsThatAreNoToneAlone() {
        assertThat(Token.of("mp4").forms()).doesNotContain("mp");
        assertThat(Token.of("b2b").forms()).containsExactly("b2b");
        assertThat(Token.of("h264").forms()).doesNotContain("h", "h26");
        assertThat(Token.of("covid19").forms()).doesNotContain("covid", "covid9");
    }

    @Test
    void readsASpelledOutWordWithAndWithoutALeadingArticle() {
        assertThat(Token.spelledOut(List.of("a", "b", "o", "m", "b")).forms()).containsExactly("abomb", "bomb");
        assertThat(Token.spelledOut(List.of("k", "i", "l", "l")).forms()).containsExactly("kill");
    }

    @Test
    void squeezesOnlyWordsStretchedOnPurpose() {
        assertThat(Token.of("kiiiill").squeezed()).containsExactly("kil");
        assertThat(Token.of("assss").squeezed()).containsExactly("as");
        assertThat(Token.of("ass").squeezed()).isEmpty();
        assertThat(Token.of("good").squeezed()).isEmpty();
    }
}

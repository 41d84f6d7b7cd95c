package io.reelflow.operators.generate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HashedWordTokenizerTest {

    private final HashedWordTokenizer tokenizer = new HashedWordTokenizer(8192, 8);

    @Test
    void splitsWordsCaseAndWidthInsensitivelyAndHanCharactersOneByOne() {
        assertThat(HashedWordTokenizer.words("A RED circle, moving left!")).containsExactly("a", "red", "circle", "moving", "left");
        assertThat(HashedWordTokenizer.words("一个红色的圆形")).containsExactly("一", "个", "红", "色", "的", "圆", "形");
        assertThat(HashedWordTokenizer.words("ＲＥＤ circle2")).containsExactly("red", "circle2");
    }

    @Test
    void idsStartWithTheStartTokenAndAreCutAtMaxTokens() {
        assertThat(tokenizer.encode("")).containsExactly(HashedWordTokenizer.START);
        int[] long_ = tokenizer.encode("one two three four five six seven eight nine");
        assertThat(long_).hasSize(8).startsWith(HashedWordTokenizer.START);
        assertThat(tokenizer.encode("Red red")).containsExactly(HashedWordTokenizer.START, tokenizer.id("red"), tokenizer.id("red"));
    }

    @Test
    void idsAreFixedForeverSoTrainedWeightsKeepTheirMeaning() {
        // FNV-1a 32 of "red" is 0x40F480DC; 2 + (that mod 8190)
        assertThat(tokenizer.id("red")).isEqualTo(2 + Integer.remainderUnsigned(0x40F480DC, 8190));
        assertThat(tokenizer.id("blue")).isNotEqualTo(tokenizer.id("red")).isBetween(2, 8191);
    }
}

package io.reelflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockedTermRulesTest {

    @Test
    void ordinaryTermsPhrasesAndOtherScriptsPass() {
        assertThat(BlockedTermRules.check(List.of("fizzco", "knock-off", "  cheap  ", "Ñandú", "可口可乐", "a.*b", "x".repeat(64))))
                .isEmpty();
    }

    @Test
    void tooManyTermsOrTooLongATermIsOutOfRange() {
        assertThat(BlockedTermRules.check(Collections.nCopies(65, "word"))).hasValueSatisfying(r -> {
            assertThat(r.code()).isEqualTo(ErrorCode.OUT_OF_RANGE);
            assertThat(r.message()).isEqualTo("blocked_terms has 65 terms, at most 64 are allowed");
        });
        assertThat(BlockedTermRules.check(List.of("ok", "y".repeat(65)))).hasValueSatisfying(r -> {
            assertThat(r.code()).isEqualTo(ErrorCode.OUT_OF_RANGE);
            assertThat(r.message()).isEqualTo("blocked_terms[1] has 65 characters, at most 64 are allowed");
        });
        // Characters are code points: 64 emoji-free supplementary letters fit.
        assertThat(BlockedTermRules.problem("\uD835\uDC00".repeat(64))).isEmpty();
    }

    @Test
    void emptyWordlessAndHostileTermsAreInvalid() {
        assertThat(BlockedTermRules.check(List.of("   "))).hasValueSatisfying(r -> {
            assertThat(r.code()).isEqualTo(ErrorCode.INVALID_FIELD);
            assertThat(r.message()).isEqualTo("blocked_terms[0] is empty");
        });
        assertThat(BlockedTermRules.problem(".*")).hasValueSatisfying(r ->
                assertThat(r.message()).isEqualTo("has no letter or digit, so it would match nothing"));
        assertThat(BlockedTermRules.problem("acme\u0007")).hasValueSatisfying(r ->
                assertThat(r.message()).isEqualTo("contains the control character U+0007 at index 4"));
        assertThat(BlockedTermRules.problem("ac\nme")).hasValueSatisfying(r ->
                assertThat(r.code()).isEqualTo(ErrorCode.INVALID_FIELD));
        assertThat(BlockedTermRules.problem("\u202Eemca")).hasValueSatisfying(r ->
                assertThat(r.message()).contains("bidi control U+202E"));
        assertThat(BlockedTermRules.problem("acme\uD800")).hasValueSatisfying(r ->
                assertThat(r.message()).contains("unpaired surrogate at index 4"));
    }
}

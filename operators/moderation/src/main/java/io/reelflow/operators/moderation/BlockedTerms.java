package io.reelflow.operators.moderation;

import io.reelflow.operators.moderation.internal.Phrase;
import io.reelflow.operators.moderation.internal.PhraseIndex;
import io.reelflow.operators.moderation.internal.TextNormalizer;
import io.reelflow.operators.moderation.internal.Token;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A request's own {@code blocked_terms} (a campaign's forbidden words), found the way the policy's terms are: on the
 * same normalised views of the text (case, width, accents, look-alike letters, zero-width characters, spaced-out
 * letters, leetspeak) as whole words, phrases also written together, Chinese also as pinyin. Unlike policy terms they
 * are literal: a {@code *} is punctuation, not a prefix, and no allow-context neutralises them, since the request asked
 * for them to be blocked wherever they occur. A term with no letters or digits left after folding matches nothing
 * (the decode stage refuses such terms).
 */
final class BlockedTerms {

    private final PhraseIndex<Boolean> index = new PhraseIndex<>();
    private final int size;

    private BlockedTerms(List<? extends CharSequence> terms) {
        int added = 0;
        for (CharSequence term : terms) {
            List<String> words = TextNormalizer.words(TextNormalizer.fold(term.toString()));
            if (!words.isEmpty()) {
                RulesClassifier.add(index, new Phrase(words, false), Boolean.TRUE);
                added++;
            }
        }
        this.size = added;
    }

    static BlockedTerms of(List<? extends CharSequence> terms) {
        return new BlockedTerms(terms);
    }

    /** How many terms can match. */
    int size() {
        return size;
    }

    /** The terms found in {@code text}, folded, in the order first found; empty if none. */
    List<String> find(String text) {
        Set<String> found = new LinkedHashSet<>();
        if (size > 0) {
            for (List<Token> view : TextNormalizer.views(text)) {
                index.find(view).forEach(match -> found.add(match.text()));
            }
        }
        return List.copyOf(found);
    }
}

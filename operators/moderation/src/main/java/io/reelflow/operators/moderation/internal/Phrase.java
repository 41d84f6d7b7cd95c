package io.reelflow.operators.moderation.internal;

import java.util.List;
import java.util.Optional;

/**
 * A policy term or allow-context as a sequence of folded words. A trailing {@code *} makes the last word a prefix
 * ({@code behead*} matches beheading and beheaded); it is opt-in per term because prefixes are how the Scunthorpe
 * problem creeps back in ({@code sex*} would match sextant).
 */
public record Phrase(List<String> words, boolean prefix) {

    private static final int MIN_PREFIX_LENGTH = 3;

    public Phrase {
        words = List.copyOf(words);
        if (words.isEmpty()) {
            throw new IllegalArgumentException("a phrase needs at least one word");
        }
    }

    /** Parses a term as written in a policy; the message of the exception says what is wrong with it. */
    public static Phrase parse(String term) {
        String trimmed = term.strip();
        boolean prefix = trimmed.endsWith("*");
        String body = prefix ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
        if (body.indexOf('*') >= 0) {
            throw new IllegalArgumentException("'" + term + "': '*' is only allowed at the end of a term");
        }
        List<String> words = TextNormalizer.words(TextNormalizer.fold(body));
        if (words.isEmpty()) {
            throw new IllegalArgumentException("'" + term + "' has no letters or digits");
        }
        String last = words.get(words.size() - 1);
        if (prefix && (last.length() < MIN_PREFIX_LENGTH || TextNormalizer.isHan(last.codePointAt(0)))) {
            throw new IllegalArgumentException(
                    "'" + term + "': a '*' needs at least " + MIN_PREFIX_LENGTH + " letters before it");
        }
        return new Phrase(words, prefix);
    }

    /** The phrase as it appears in evidence: folded words, {@code *} if a prefix. */
    public String text() {
        return join(words) + (prefix ? "*" : "");
    }

    /** Words as text: spaces between words, none next to Han characters (Chinese is written without them). */
    public static String join(List<String> words) {
        StringBuilder out = new StringBuilder();
        for (String word : words) {
            if (out.length() > 0 && !TextNormalizer.isHan(out.codePointBefore(out.length()))
                    && !TextNormalizer.isHan(word.codePointAt(0))) {
                out.append(' ');
            }
            out.append(word);
        }
        return out.toString();
    }

    /**
     * The words run together ({@code bloodymary}), for text whose spaces were removed or spelled out; empty for one
     * word or for Han text, which has no spaces to remove.
     */
    public Optional<Phrase> compact() {
        if (words.size() < 2 || words.stream().anyMatch(w -> TextNormalizer.isHan(w.codePointAt(0)))) {
            return Optional.empty();
        }
        return Optional.of(new Phrase(List.of(String.join("", words)), prefix));
    }
}

package io.reelflow.pipeline;

import static io.reelflow.pipeline.ErrorCode.INVALID_FIELD;
import static io.reelflow.pipeline.ErrorCode.OUT_OF_RANGE;

import java.util.List;
import java.util.Optional;

/**
 * The bounds on a request's {@code blocked_terms} (extra words its prompt moderation blocks), in one place, so the
 * decode stage's checks and a campaign spec's forbidden words cannot disagree. They are part of the schema's
 * contract, not deployment limits: a term is matched against every prompt, so the list stays small.
 */
public final class BlockedTermRules {

    public static final int MAX_TERMS = 64;
    public static final int MAX_CHARS = 64;

    private BlockedTermRules() {}

    /** The first problem with {@code terms}, or empty: too many, or a term that {@link #problem} refuses. */
    public static Optional<Rejection> check(List<? extends CharSequence> terms) {
        if (terms.size() > MAX_TERMS) {
            return Optional.of(Rejection.of(OUT_OF_RANGE,
                    "blocked_terms has " + terms.size() + " terms, at most " + MAX_TERMS + " are allowed"));
        }
        for (int i = 0; i < terms.size(); i++) {
            Optional<Rejection> why = problem(terms.get(i).toString());
            if (why.isPresent()) {
                return Optional.of(Rejection.of(why.get().code(), "blocked_terms[" + i + "] " + why.get().message()));
            }
        }
        return Optional.empty();
    }

    /**
     * Why one term cannot be used (the message says what is wrong with "it"), or empty: after trimming it must have 1-{@value #MAX_CHARS} characters (code
     * points), at least one letter or digit (moderation matches words; punctuation alone matches nothing) and no
     * control characters, bidi controls or unpaired surrogates (they corrupt logs and audits).
     */
    public static Optional<Rejection> problem(String term) {
        String trimmed = term.strip();
        if (trimmed.isEmpty()) {
            return invalid("is empty");
        }
        int length = trimmed.codePointCount(0, trimmed.length());
        if (length > MAX_CHARS) {
            return Optional.of(Rejection.of(OUT_OF_RANGE, "has " + length + " characters, at most " + MAX_CHARS + " are allowed"));
        }
        boolean wordy = false;
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < trimmed.length() && Character.isLowSurrogate(trimmed.charAt(i + 1))) {
                wordy |= Character.isLetterOrDigit(trimmed.codePointAt(i));
                i++;
            } else if (Character.isSurrogate(c)) {
                return invalid("contains an unpaired surrogate at index " + i);
            } else if (Character.isISOControl(c)) {
                return invalid("contains the control character " + hex(c) + " at index " + i);
            } else if ((c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')) {
                return invalid("contains the bidi control " + hex(c) + " at index " + i);
            } else {
                wordy |= Character.isLetterOrDigit(c);
            }
        }
        return wordy ? Optional.empty() : invalid("has no letter or digit, so it would match nothing");
    }

    private static Optional<Rejection> invalid(String message) {
        return Optional.of(Rejection.of(INVALID_FIELD, message));
    }

    private static String hex(char c) {
        return String.format("U+%04X", (int) c);
    }
}

package io.reelflow.operators.moderation;

import io.reelflow.operators.moderation.internal.Phrase;
import java.util.ArrayList;
import java.util.List;

/** Parses the terms and contexts of a policy, turning a bad one into a policy error that says where it is. */
final class PolicyPhrases {

    private PolicyPhrases() {}

    static Phrase parse(String where, String phrase) {
        if (phrase == null) {
            throw new PolicyException(where + " is empty");
        }
        try {
            return Phrase.parse(phrase);
        } catch (IllegalArgumentException e) {
            throw new PolicyException(where + " " + e.getMessage());
        }
    }

    /** Every way a phrase can match: as written and, for several words, written together. */
    static List<String> spellings(Phrase phrase) {
        List<String> spellings = new ArrayList<>(List.of(phrase.text()));
        phrase.compact().ifPresent(compact -> spellings.add(compact.text()));
        return spellings;
    }
}

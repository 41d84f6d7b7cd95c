package io.reelflow.operators.moderation;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A named list of words that are no violation on their own but make one in combination, e.g. words for minors
 * ("kids playing football" is fine; kids with any sexual term is not). Only {@link Combination}s use lexicons.
 *
 * @param allowContexts phrases in which a word does not count ("minor chord" for "minor")
 */
public record Lexicon(String name, List<String> terms, List<String> allowContexts) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    public Lexicon {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new PolicyException("lexicon name '" + name + "' must be lower case letters, digits and _");
        }
        String where = "lexicon " + name;
        terms = List.copyOf(terms);
        if (terms.isEmpty()) {
            throw new PolicyException(where + ": terms must not be empty");
        }
        terms.forEach(term -> PolicyPhrases.parse(where + ": term", term));
        allowContexts = List.copyOf(allowContexts);
        allowContexts.forEach(context -> PolicyPhrases.parse(where + ": allow-context", context));
    }
}

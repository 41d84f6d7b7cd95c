package io.reelflow.operators.moderation;

import java.util.List;
import java.util.Objects;

/**
 * A rule that scores {@code category} at {@code score} when every condition holds in the same field, whatever the
 * single terms score: "any minors word with any sexual term is sexual_minors at 1.0".
 */
public record Combination(Category category, double score, List<Condition> allOf) {

    public Combination {
        Objects.requireNonNull(category, "category");
        String where = "combination for " + category.id();
        if (!(score > 0 && score <= 1)) {
            throw new PolicyException(where + ": score " + score + " is outside (0, 1]");
        }
        allOf = List.copyOf(allOf);
        if (allOf.isEmpty()) {
            throw new PolicyException(where + ": all-of must not be empty");
        }
    }

    /** One condition of a combination. */
    public sealed interface Condition permits AnyOfLexicon, AnyOfCategory {}

    /** Some word of the lexicon occurs (outside its allow-contexts). */
    public record AnyOfLexicon(String lexicon) implements Condition {
        public AnyOfLexicon {
            Objects.requireNonNull(lexicon, "lexicon");
        }
    }

    /** Some term of the category with at least {@code minWeight} occurs (outside allow-contexts). */
    public record AnyOfCategory(Category category, double minWeight) implements Condition {
        public AnyOfCategory {
            Objects.requireNonNull(category, "category");
            if (!(minWeight >= 0 && minWeight <= 1)) {
                throw new PolicyException("min-weight " + minWeight + " of " + category.id() + " is outside [0, 1]");
            }
        }
    }
}

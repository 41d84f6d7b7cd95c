package io.reelflow.operators.moderation;

import java.util.List;
import java.util.Objects;

/**
 * How strongly a classifier places a text in one category.
 *
 * @param score 0-1
 * @param evidence what made the classifier decide, strongest first: normalised terms for the rules, labels or spans for
 *     a learned classifier; never the whole text
 */
public record CategoryScore(Category category, double score, List<String> evidence) {

    public CategoryScore {
        Objects.requireNonNull(category, "category");
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException(category.id() + ": score " + score + " is outside [0, 1]");
        }
        evidence = List.copyOf(evidence);
    }
}

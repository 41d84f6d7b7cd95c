package io.reelflow.operators.moderation;

import io.reelflow.schema.ModerationDecision;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the policy decides for one category and the evidence rules that score it.
 *
 * @param decision what a score at or above {@code threshold} leads to; below it the category allows
 * @param threshold 0-1
 * @param fields the request fields this category applies to
 * @param terms words and phrases with their weight (0-1]; a trailing {@code *} makes the last word a prefix. Weights of
 *     different matched terms combine as independent evidence: score = 1 - product(1 - weight)
 * @param allowContexts benign phrases that neutralise a term inside them ("bloody mary" for "bloody")
 * @param loosenable whether a tenant's overlay may make this category laxer ({@link TenantPolicy}); tightening is
 *     always allowed. Never true for {@link Category#SEXUAL_MINORS}
 */
public record CategoryPolicy(
        Category category,
        ModerationDecision decision,
        double threshold,
        Set<PromptField> fields,
        Map<String, Double> terms,
        List<String> allowContexts,
        boolean loosenable) {

    public CategoryPolicy {
        Objects.requireNonNull(category, "category");
        String where = "category " + category.id();
        if (decision == null) {
            throw new PolicyException(where + ": decision is missing");
        }
        checkThreshold(where, threshold);
        if (fields == null || fields.isEmpty()) {
            throw new PolicyException(where + ": fields must name at least one of prompt, negative_prompt");
        }
        fields = Set.copyOf(fields);
        Map<String, String> spellings = new HashMap<>();
        terms.forEach((term, weight) -> {
            checkWeight(where, term, weight);
            // Terms that match the same words would count the same evidence twice.
            for (String spelling : PolicyPhrases.spellings(PolicyPhrases.parse(where + ": term", term))) {
                String other = spellings.putIfAbsent(spelling, term);
                if (other != null) {
                    throw new PolicyException(where + ": terms '" + other + "' and '" + term + "' match the same "
                            + "words (phrases also match written together); keep one");
                }
            }
        });
        terms = Map.copyOf(terms);
        allowContexts = List.copyOf(allowContexts);
        allowContexts.forEach(context -> PolicyPhrases.parse(where + ": allow-context", context));
        if (loosenable && category == Category.SEXUAL_MINORS) {
            throw new PolicyException(where + ": can never be loosenable; tenants may only tighten it");
        }
    }

    /** The decision for a score: {@link #decision} from the threshold up (and above 0), ALLOW below it. */
    public ModerationDecision decide(double score) {
        return score > 0 && score >= threshold ? decision : ModerationDecision.ALLOW;
    }

    static void checkThreshold(String where, double threshold) {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new PolicyException(where + ": threshold " + threshold + " is outside [0, 1]");
        }
    }

    static void checkWeight(String where, String term, Double weight) {
        if (weight == null || !(weight > 0 && weight <= 1)) {
            throw new PolicyException(where + ": term '" + term + "' has weight " + weight + ", outside (0, 1]");
        }
    }
}

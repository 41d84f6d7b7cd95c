package io.reelflow.operators.moderation;

import io.reelflow.schema.ModerationDecision;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Applies a tenant's overlay to the deployment's policy, by the rules documented on {@link TenantPolicy}. */
final class PolicyOverlay {

    private PolicyOverlay() {}

    static ModerationPolicy apply(ModerationPolicy deployment, TenantPolicy overlay) {
        Map<Category, CategoryPolicy> categories = new EnumMap<>(deployment.categories());
        overlay.categories().forEach((category, change) -> {
            CategoryPolicy base = deployment.category(category).orElseThrow(() -> new PolicyException("category "
                    + category.id() + ": not in the deployment's policy " + deployment.version()
                    + "; an overlay can only change the deployment's categories"));
            categories.put(category, merge(base, change, deployment));
        });
        if (!overlay.allowContexts().isEmpty()) {
            Set<Category> open = EnumSet.noneOf(Category.class);
            categories.replaceAll((category, rules) -> {
                if (!rules.loosenable() || strictCombinationUsing(category, deployment).isPresent()) {
                    return rules;
                }
                open.add(category);
                return withAllowContexts(rules, overlay.allowContexts());
            });
            if (open.isEmpty()) {
                throw new PolicyException("add-allow-contexts: the deployment's policy " + deployment.version()
                        + " has no category a tenant may add allow-contexts to (loosenable, and in no combination "
                        + "for a category that is not), so they would neutralise nothing");
            }
        }
        List<Combination> combinations = new ArrayList<>(deployment.combinations());
        combinations.addAll(overlay.combinations());
        return new ModerationPolicy(deployment.version() + "+" + overlay.tenant() + "." + overlay.version(),
                deployment.allowContexts(), deployment.lexicons(), categories, combinations);
    }

    private static CategoryPolicy merge(CategoryPolicy base, TenantPolicy.CategoryOverlay change,
            ModerationPolicy deployment) {
        String where = "category " + base.category().id();
        ModerationDecision decision = change.decision() == null ? base.decision() : change.decision();
        double threshold = change.threshold() == null ? base.threshold() : change.threshold();
        Set<PromptField> fields = change.fields() == null ? base.fields() : change.fields();
        List<String> loosening = new ArrayList<>();
        // The enum is ordered ALLOW, REVIEW, BLOCK.
        if (decision.ordinal() < base.decision().ordinal()) {
            loosening.add("decision " + name(decision) + " is laxer than the deployment's " + name(base.decision()));
        }
        if (threshold > base.threshold()) {
            loosening.add("threshold " + threshold + " is higher than the deployment's " + base.threshold());
        }
        if (!fields.containsAll(base.fields())) {
            loosening.add("fields drop " + base.fields().stream().filter(f -> !fields.contains(f))
                    .map(PromptField::id).sorted().collect(Collectors.joining(", ")));
        }
        if (!change.addAllowContexts().isEmpty()) {
            loosening.add("add-allow-contexts neutralise its terms");
        }
        if (!loosening.isEmpty() && !base.loosenable()) {
            throw new PolicyException(where + ": " + String.join("; ", loosening) + ": that loosens it, and "
                    + (base.category() == Category.SEXUAL_MINORS ? "sexual_minors is never loosenable"
                            : "the deployment's policy " + deployment.version() + " does not mark it loosenable"));
        }
        if (!change.addAllowContexts().isEmpty()) {
            strictCombinationUsing(base.category(), deployment).ifPresent(combination -> {
                throw new PolicyException(where + ": add-allow-contexts would also neutralise its terms in the "
                        + "combination for " + combination.category().id() + ", which is not loosenable");
            });
        }
        CategoryPolicy merged = new CategoryPolicy(base.category(), decision, threshold, fields,
                withTerms(base.terms(), change.addTerms(), where), base.allowContexts(), base.loosenable());
        return withAllowContexts(merged, change.addAllowContexts());
    }

    /**
     * The deployment's terms with the tenant's added. A tenant term that matches the same words as a deployment term
     * is the same evidence: it raises that term's weight if it is higher, and never lowers it.
     */
    private static Map<String, Double> withTerms(Map<String, Double> base, Map<String, Double> added, String where) {
        Map<String, String> termBySpelling = new HashMap<>();
        base.keySet().forEach(term -> PolicyPhrases.spellings(PolicyPhrases.parse(where + ": term", term))
                .forEach(spelling -> termBySpelling.put(spelling, term)));
        Map<String, Double> terms = new LinkedHashMap<>(base);
        added.forEach((term, weight) -> {
            Set<String> same = PolicyPhrases.spellings(PolicyPhrases.parse(where + ": term", term)).stream()
                    .map(termBySpelling::get)
                    .filter(existing -> existing != null)
                    .collect(Collectors.toSet());
            if (same.isEmpty()) {
                terms.put(term, weight);
            } else {
                same.forEach(existing -> terms.merge(existing, weight, Math::max));
            }
        });
        return terms;
    }

    private static CategoryPolicy withAllowContexts(CategoryPolicy rules, List<String> added) {
        if (added.isEmpty()) {
            return rules;
        }
        Set<String> contexts = new LinkedHashSet<>(rules.allowContexts());
        contexts.addAll(added);
        return new CategoryPolicy(rules.category(), rules.decision(), rules.threshold(), rules.fields(),
                rules.terms(), List.copyOf(contexts), rules.loosenable());
    }

    /**
     * A deployment combination that scores a category tenants may not loosen from this category's terms: an
     * allow-context here would weaken it too ("taylor swift" allowed as a likeness must not stop the sexual rule).
     */
    private static Optional<Combination> strictCombinationUsing(Category category, ModerationPolicy deployment) {
        return deployment.combinations().stream()
                .filter(combination -> !deployment.categories().get(combination.category()).loosenable())
                .filter(combination -> combination.allOf().stream().anyMatch(condition ->
                        condition instanceof Combination.AnyOfCategory used && used.category() == category))
                .findFirst();
    }

    private static String name(ModerationDecision decision) {
        return decision.name().toLowerCase(Locale.ROOT);
    }
}

package io.reelflow.operators.moderation;

import io.reelflow.operators.moderation.internal.PolicyParser;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A versioned prompt policy: categories with their decision, threshold and evidence rules, lexicons, combination rules
 * and allow-contexts that apply to every category. Read from YAML with {@link #load}; every value is checked when the
 * policy is built, so a bad policy fails at start-up rather than on the first request. The format is documented in the
 * built-in policy, {@code classpath:moderation/policy.yaml}.
 *
 * @param version ends up in every verdict, so a decision can be traced to the rules that made it
 */
public record ModerationPolicy(
        String version,
        List<String> allowContexts,
        Map<String, Lexicon> lexicons,
        Map<Category, CategoryPolicy> categories,
        List<Combination> combinations) {

    public ModerationPolicy {
        if (version == null || version.isBlank()) {
            throw new PolicyException("version is missing");
        }
        allowContexts = List.copyOf(allowContexts);
        allowContexts.forEach(context -> PolicyPhrases.parse("allow-context", context));
        lexicons = Map.copyOf(lexicons);
        lexicons.forEach((name, lexicon) -> {
            if (!name.equals(lexicon.name())) {
                throw new PolicyException("lexicon " + lexicon.name() + " is filed under " + name);
            }
        });
        EnumMap<Category, CategoryPolicy> byCategory = new EnumMap<>(Category.class);
        byCategory.putAll(categories);
        categories = Collections.unmodifiableMap(byCategory);
        categories.forEach((category, rules) -> {
            if (category != rules.category()) {
                throw new PolicyException("category " + rules.category().id() + " is filed under " + category.id());
            }
        });
        combinations = List.copyOf(combinations);
        for (Combination combination : combinations) {
            String where = "combination for " + combination.category().id();
            requireCategory(categories, combination.category(), where);
            for (Combination.Condition condition : combination.allOf()) {
                if (condition instanceof Combination.AnyOfLexicon lexicon && !lexicons.containsKey(lexicon.lexicon())) {
                    throw new PolicyException(where + ": unknown lexicon '" + lexicon.lexicon() + "' (defined: "
                            + String.join(", ", new TreeSet<>(lexicons.keySet())) + ")");
                }
                if (condition instanceof Combination.AnyOfCategory category) {
                    requireCategory(categories, category.category(), where);
                }
            }
        }
    }

    /**
     * Reads the policy at {@code location}: {@code classpath:<resource>} or a file path (as in
     * {@code moderation.policy}).
     *
     * @throws PolicyException if it does not exist or is not a valid policy; the message names the location
     */
    public static ModerationPolicy load(String location) {
        if (location == null || location.isBlank()) {
            throw new PolicyException("no moderation policy configured (moderation.policy is empty)");
        }
        return parse(PolicyFiles.read(location, "moderation policy"), location);
    }

    /** Parses a policy from YAML; {@code source} names it in error messages. */
    public static ModerationPolicy parse(String yaml, String source) {
        return PolicyParser.parse(yaml, source);
    }

    /**
     * This policy with a tenant's overlay applied, versioned {@code <this version>+<tenant>.<overlay version>} so every
     * verdict names both files. Which changes an overlay may make is documented on {@link TenantPolicy}.
     *
     * @throws PolicyException if the overlay loosens a category this policy does not mark loosenable, or names a
     *     category this policy does not define; the message names the category and why
     */
    public ModerationPolicy overlay(TenantPolicy tenant) {
        return PolicyOverlay.apply(this, tenant);
    }

    public Optional<CategoryPolicy> category(Category category) {
        return Optional.ofNullable(categories.get(category));
    }

    private static void requireCategory(Map<Category, CategoryPolicy> categories, Category category, String where) {
        if (!categories.containsKey(category)) {
            throw new PolicyException(where + ": category " + category.id() + " is not defined in this policy");
        }
    }
}

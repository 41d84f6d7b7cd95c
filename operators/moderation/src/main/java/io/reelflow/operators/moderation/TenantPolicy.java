package io.reelflow.operators.moderation;

import io.reelflow.operators.moderation.internal.TenantPolicyParser;
import io.reelflow.schema.ModerationDecision;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A tenant's overlay on the deployment's {@link ModerationPolicy}: changes per category, and phrases and rules to add,
 * applied by {@link ModerationPolicy#overlay}. The format is documented in docs/MODERATION.md.
 *
 * <p>Tightening is always allowed: a stricter decision, a lower threshold, more fields, added terms and combinations.
 * Loosening only for categories the deployment marks {@link CategoryPolicy#loosenable() loosenable}: a laxer decision,
 * a higher threshold, fewer fields, allow-contexts. Allow-contexts are refused even there if the category's terms feed
 * a combination for a category that is not loosenable, since they would weaken that rule too. The overlay's global
 * allow-contexts go to every category that may take them, and to no other. These rules depend on the deployment's
 * policy, so they are checked when the overlay is applied, not when it is read.
 *
 * @param version the overlay's own version; the effective policy's version names both, e.g. {@code 2026.11-1+acme.3}
 * @param tenant the tenant the overlay is written for
 * @param allowContexts benign phrases for every category the deployment lets tenants add allow-contexts to
 * @param combinations rules added to the deployment's; they can only raise a score
 */
public record TenantPolicy(
        String version,
        String tenant,
        Map<Category, CategoryOverlay> categories,
        List<String> allowContexts,
        List<Combination> combinations) {

    public TenantPolicy {
        if (version == null || version.isBlank()) {
            throw new PolicyException("version is missing");
        }
        if (tenant == null || tenant.isBlank()) {
            throw new PolicyException("tenant is missing");
        }
        EnumMap<Category, CategoryOverlay> byCategory = new EnumMap<>(Category.class);
        byCategory.putAll(categories);
        categories = Collections.unmodifiableMap(byCategory);
        categories.forEach((category, overlay) -> {
            if (category != overlay.category()) {
                throw new PolicyException("category " + overlay.category().id() + " is filed under " + category.id());
            }
        });
        allowContexts = List.copyOf(allowContexts);
        allowContexts.forEach(context -> PolicyPhrases.parse("add-allow-context", context));
        combinations = List.copyOf(combinations);
    }

    /**
     * Reads the overlay at {@code location}: {@code classpath:<resource>} or a file path (as in
     * {@code tenants.known[].moderation-policy}).
     *
     * @throws PolicyException if it does not exist or is not a valid overlay; the message names the location
     */
    public static TenantPolicy load(String location) {
        return parse(PolicyFiles.read(location, "tenant policy overlay"), location);
    }

    /** Parses an overlay from YAML; {@code source} names it in error messages. */
    public static TenantPolicy parse(String yaml, String source) {
        return TenantPolicyParser.parse(yaml, source);
    }

    /**
     * A tenant's changes to one category.
     *
     * @param decision replaces the deployment's; null keeps it
     * @param threshold replaces the deployment's; null keeps it
     * @param fields replace the deployment's; null keeps them
     * @param addTerms terms with their weight, added to the category's; a term that matches the same words as one of
     *     the deployment's raises that term's weight to the higher of the two, never lowers it
     * @param addAllowContexts benign phrases added to the category's
     */
    public record CategoryOverlay(
            Category category,
            ModerationDecision decision,
            Double threshold,
            Set<PromptField> fields,
            Map<String, Double> addTerms,
            List<String> addAllowContexts) {

        public CategoryOverlay {
            Objects.requireNonNull(category, "category");
            String where = "category " + category.id();
            if (threshold != null) {
                CategoryPolicy.checkThreshold(where, threshold);
            }
            if (fields != null) {
                if (fields.isEmpty()) {
                    throw new PolicyException(where + ": fields must name at least one of prompt, negative_prompt");
                }
                fields = Set.copyOf(fields);
            }
            addTerms.forEach((term, weight) -> {
                CategoryPolicy.checkWeight(where, term, weight);
                PolicyPhrases.parse(where + ": term", term);
            });
            addTerms = Collections.unmodifiableMap(new LinkedHashMap<>(addTerms));
            addAllowContexts = List.copyOf(addAllowContexts);
            addAllowContexts.forEach(context -> PolicyPhrases.parse(where + ": allow-context", context));
        }
    }
}

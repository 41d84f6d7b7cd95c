package io.reelflow.operators.moderation.internal;

import static io.reelflow.operators.moderation.internal.PolicyParser.checkKeys;
import static io.reelflow.operators.moderation.internal.PolicyParser.forEachField;
import static io.reelflow.operators.moderation.internal.PolicyParser.list;
import static io.reelflow.operators.moderation.internal.PolicyParser.strings;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelflow.operators.moderation.Category;
import io.reelflow.operators.moderation.Combination;
import io.reelflow.operators.moderation.PolicyException;
import io.reelflow.operators.moderation.TenantPolicy;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads a tenant's policy overlay from YAML, as strictly as {@link PolicyParser} reads a policy. */
public final class TenantPolicyParser {

    private static final Set<String> ROOT_KEYS = Set.of("version", "tenant", "categories", "add-allow-contexts",
            "add-combinations");
    private static final Set<String> CATEGORY_KEYS = Set.of("decision", "threshold", "fields", "add-terms",
            "add-allow-contexts");

    private TenantPolicyParser() {}

    public static TenantPolicy parse(String yaml, String source) {
        return PolicyParser.read(yaml, source, TenantPolicyParser::overlay);
    }

    private static TenantPolicy overlay(JsonNode root) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new PolicyException("the overlay is empty");
        }
        checkKeys(root, "", ROOT_KEYS, Set.of("version", "tenant"));
        Map<Category, TenantPolicy.CategoryOverlay> categories = new EnumMap<>(Category.class);
        forEachField(root.get("categories"), "categories", (name, node) -> {
            Category category = Category.fromId(name).orElseThrow(() -> new PolicyException("categories: unknown "
                    + "category '" + name + "' (known: " + PolicyParser.ids(Category.values(), Category::id) + ")"));
            categories.put(category, category(category, node));
        });
        List<Combination> combinations = new ArrayList<>();
        List<JsonNode> combinationNodes = list(root.get("add-combinations"), "add-combinations");
        for (int i = 0; i < combinationNodes.size(); i++) {
            combinations.add(PolicyParser.combination(combinationNodes.get(i), "add-combinations[" + i + "]"));
        }
        return new TenantPolicy(PolicyParser.version(root.get("version"), "version"),
                PolicyParser.text(root.get("tenant"), "tenant"), categories,
                strings(root.get("add-allow-contexts"), "add-allow-contexts"), combinations);
    }

    private static TenantPolicy.CategoryOverlay category(Category category, JsonNode node) {
        String path = "categories." + category.id();
        checkKeys(node, path, CATEGORY_KEYS, Set.of());
        return new TenantPolicy.CategoryOverlay(category,
                node.has("decision") ? PolicyParser.decision(node.get("decision"), path + ".decision") : null,
                node.has("threshold") ? PolicyParser.number(node.get("threshold"), path + ".threshold") : null,
                node.has("fields") ? PolicyParser.fields(node.get("fields"), path + ".fields") : null,
                PolicyParser.weights(node.get("add-terms"), path + ".add-terms"),
                strings(node.get("add-allow-contexts"), path + ".add-allow-contexts"));
    }
}

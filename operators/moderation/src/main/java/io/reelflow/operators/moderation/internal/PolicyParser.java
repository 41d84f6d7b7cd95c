package io.reelflow.operators.moderation.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.reelflow.operators.moderation.Category;
import io.reelflow.operators.moderation.CategoryPolicy;
import io.reelflow.operators.moderation.Combination;
import io.reelflow.operators.moderation.Lexicon;
import io.reelflow.operators.moderation.ModerationPolicy;
import io.reelflow.operators.moderation.PolicyException;
import io.reelflow.operators.moderation.PromptField;
import io.reelflow.schema.ModerationDecision;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads a policy from YAML, strictly: unknown keys, missing keys, duplicate keys and values of the wrong type are
 * errors that name the source and the key's path. Value checks (ranges, term syntax) are the policy records' own.
 */
public final class PolicyParser {

    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private static final Set<String> ROOT_KEYS = Set.of("version", "allow-contexts", "lexicons", "categories",
            "combinations");
    private static final Set<String> CATEGORY_KEYS = Set.of("decision", "threshold", "loosenable", "fields", "terms",
            "allow-contexts");
    private static final Set<String> LEXICON_KEYS = Set.of("terms", "allow-contexts");
    private static final Set<String> COMBINATION_KEYS = Set.of("category", "score", "all-of");
    private static final Set<String> CONDITION_KEYS = Set.of("lexicon", "category", "min-weight");

    private PolicyParser() {}

    public static ModerationPolicy parse(String yaml, String source) {
        return read(yaml, source, PolicyParser::policy);
    }

    /** Parses {@code yaml} and hands the tree to {@code reader}; every error names {@code source}. */
    static <T> T read(String yaml, String source, Function<JsonNode, T> reader) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new PolicyException(source + ": not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        }
        try {
            return reader.apply(root);
        } catch (PolicyException e) {
            throw new PolicyException(source + ": " + e.getMessage(), e);
        }
    }

    private static ModerationPolicy policy(JsonNode root) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new PolicyException("the policy is empty");
        }
        checkKeys(root, "", ROOT_KEYS, Set.of("version", "categories"));
        Map<String, Lexicon> lexicons = new LinkedHashMap<>();
        forEachField(root.get("lexicons"), "lexicons", (name, node) ->
                lexicons.put(name, lexicon(name, node)));
        Map<Category, CategoryPolicy> categories = new EnumMap<>(Category.class);
        forEachField(root.get("categories"), "categories", (name, node) -> {
            Category category = Category.fromId(name).orElseThrow(() -> new PolicyException("categories: unknown "
                    + "category '" + name + "' (known: " + ids(Category.values(), Category::id) + ")"));
            categories.put(category, category(category, node));
        });
        List<Combination> combinations = new ArrayList<>();
        List<JsonNode> combinationNodes = list(root.get("combinations"), "combinations");
        for (int i = 0; i < combinationNodes.size(); i++) {
            combinations.add(combination(combinationNodes.get(i), "combinations[" + i + "]"));
        }
        return new ModerationPolicy(version(root.get("version"), "version"),
                strings(root.get("allow-contexts"), "allow-contexts"), lexicons, categories, combinations);
    }

    private static CategoryPolicy category(Category category, JsonNode node) {
        String path = "categories." + category.id();
        checkKeys(node, path, CATEGORY_KEYS, Set.of("decision", "threshold"));
        Set<PromptField> fields = node.has("fields")
                ? fields(node.get("fields"), path + ".fields")
                : EnumSet.of(PromptField.PROMPT, PromptField.NEGATIVE_PROMPT);
        boolean loosenable = node.has("loosenable") && bool(node.get("loosenable"), path + ".loosenable");
        return new CategoryPolicy(category, decision(node.get("decision"), path + ".decision"),
                number(node.get("threshold"), path + ".threshold"), fields, weights(node.get("terms"), path + ".terms"),
                strings(node.get("allow-contexts"), path + ".allow-contexts"), loosenable);
    }

    static Set<PromptField> fields(JsonNode node, String path) {
        Set<PromptField> fields = EnumSet.noneOf(PromptField.class);
        for (String field : strings(node, path)) {
            PromptField known = PromptField.fromId(field).filter(f -> f != PromptField.VISIBLE_MARK)
                    .orElseThrow(() -> new PolicyException(path + ": unknown field '" + field
                            + "' (known: prompt, negative_prompt; a visible mark's text is checked like the prompt)"));
            fields.add(known);
        }
        return fields;
    }

    /** Terms with their weights; absent means none. */
    static Map<String, Double> weights(JsonNode node, String path) {
        Map<String, Double> terms = new LinkedHashMap<>();
        forEachField(node, path, (term, weight) -> terms.put(term, number(weight, path + "." + term)));
        return terms;
    }

    /** A version: a string or a whole number, since a decimal one loses digits (3.10 reads as 3.1). */
    static String version(JsonNode node, String path) {
        if (node != null && node.isFloatingPointNumber()) {
            throw new PolicyException(path + ": " + node.asText() + " reads as a decimal number; quote it");
        }
        return text(node, path);
    }

    private static Lexicon lexicon(String name, JsonNode node) {
        String path = "lexicons." + name;
        checkKeys(node, path, LEXICON_KEYS, Set.of("terms"));
        return new Lexicon(name, strings(node.get("terms"), path + ".terms"),
                strings(node.get("allow-contexts"), path + ".allow-contexts"));
    }

    static Combination combination(JsonNode node, String path) {
        checkKeys(node, path, COMBINATION_KEYS, Set.of("category", "score", "all-of"));
        Category category = category(node.get("category"), path + ".category");
        List<Combination.Condition> conditions = new ArrayList<>();
        List<JsonNode> conditionNodes = list(node.get("all-of"), path + ".all-of");
        for (int i = 0; i < conditionNodes.size(); i++) {
            conditions.add(condition(conditionNodes.get(i), path + ".all-of[" + i + "]"));
        }
        return new Combination(category, number(node.get("score"), path + ".score"), conditions);
    }

    private static Combination.Condition condition(JsonNode node, String path) {
        checkKeys(node, path, CONDITION_KEYS, Set.of());
        if (node.has("lexicon") == node.has("category")) {
            throw new PolicyException(path + ": name either a lexicon or a category");
        }
        if (node.has("lexicon")) {
            if (node.has("min-weight")) {
                throw new PolicyException(path + ": min-weight applies to categories, not lexicons");
            }
            return new Combination.AnyOfLexicon(text(node.get("lexicon"), path + ".lexicon"));
        }
        double minWeight = node.has("min-weight") ? number(node.get("min-weight"), path + ".min-weight") : 0;
        return new Combination.AnyOfCategory(category(node.get("category"), path + ".category"), minWeight);
    }

    static Category category(JsonNode node, String path) {
        String id = text(node, path);
        return Category.fromId(id).orElseThrow(() -> new PolicyException(path + ": unknown category '" + id
                + "' (known: " + ids(Category.values(), Category::id) + ")"));
    }

    static ModerationDecision decision(JsonNode node, String path) {
        String value = text(node, path);
        return Arrays.stream(ModerationDecision.values())
                .filter(d -> d.name().toLowerCase(Locale.ROOT).equals(value))
                .findFirst()
                .orElseThrow(() -> new PolicyException(path + ": unknown decision '" + value
                        + "' (expected block, review or allow)"));
    }

    static void checkKeys(JsonNode node, String path, Set<String> allowed, Set<String> required) {
        String where = path.isEmpty() ? "the policy" : path;
        if (node == null || !node.isObject()) {
            throw new PolicyException(where + ": expected a map, got " + describe(node));
        }
        for (Map.Entry<String, JsonNode> property : node.properties()) {
            String name = property.getKey();
            if (!allowed.contains(name)) {
                throw new PolicyException((path.isEmpty() ? "" : path + ": ") + "unknown key '" + name
                        + "' (allowed: " + allowed.stream().sorted().collect(Collectors.joining(", ")) + ")");
            }
        }
        for (String name : required.stream().sorted().toList()) {
            if (!node.has(name) || node.get(name).isNull()) {
                throw new PolicyException((path.isEmpty() ? "" : path + ": ") + "'" + name + "' is missing");
            }
        }
    }

    /** Calls {@code action} per key of a map node; absent or null means an empty map. */
    static void forEachField(JsonNode node, String path, BiConsumer<String, JsonNode> action) {
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            throw new PolicyException(path + ": expected a map, got " + describe(node));
        }
        node.properties().forEach(property -> action.accept(property.getKey(), property.getValue()));
    }

    /** The items of a list node; absent or null means an empty list. */
    static List<JsonNode> list(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new PolicyException(path + ": expected a list, got " + describe(node));
        }
        List<JsonNode> items = new ArrayList<>();
        node.forEach(items::add);
        return items;
    }

    static List<String> strings(JsonNode node, String path) {
        List<JsonNode> items = list(node, path);
        List<String> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            out.add(text(items.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    static String text(JsonNode node, String path) {
        if (node == null || !node.isValueNode() || node.isNull()) {
            throw new PolicyException(path + ": expected a string, got " + describe(node));
        }
        return node.asText();
    }

    static double number(JsonNode node, String path) {
        if (node == null || !node.isNumber()) {
            throw new PolicyException(path + ": expected a number, got " + describe(node));
        }
        return node.asDouble();
    }

    static boolean bool(JsonNode node, String path) {
        if (node == null || !node.isBoolean()) {
            throw new PolicyException(path + ": expected true or false, got " + describe(node));
        }
        return node.asBoolean();
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "nothing";
        }
        if (node.isObject()) {
            return "a map";
        }
        if (node.isArray()) {
            return "a list";
        }
        return "'" + node.asText() + "'";
    }

    static <T> String ids(T[] values, Function<T, String> id) {
        return Arrays.stream(values).map(id).collect(Collectors.joining(", "));
    }
}

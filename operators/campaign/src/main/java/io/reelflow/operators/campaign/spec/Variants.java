package io.reelflow.operators.campaign.spec;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A template's variants: the distinct values of the variables it uses, over the campaign's combinations (a template
 * that does not use {@code {season}} is not repeated per season), and each variant's key.
 */
public final class Variants {

    static final int MAX_VALUE_CHARS = 32;

    private Variants() {}

    /** The distinct projections of {@code combinations} onto the template's variables, in first-seen order. */
    public static List<Map<String, String>> of(Template template, List<Map<String, String>> combinations) {
        Set<Map<String, String>> distinct = new LinkedHashSet<>();
        for (Map<String, String> combination : combinations) {
            Map<String, String> values = new TreeMap<>();
            template.variables().forEach(v -> values.put(v, combination.get(v)));
            distinct.add(values);
        }
        return new ArrayList<>(distinct);
    }

    /**
     * The variant's key: each value made a slug (lower case ASCII letters and digits, dashes between words, at most
     * 32 characters), in the order of the variables' names, joined with underscores; {@code base} for a template
     * with no variables. The same values always give the same key, wherever they sit in the spec.
     */
    public static String key(Map<String, String> values) {
        if (values.isEmpty()) {
            return "base";
        }
        return new TreeMap<>(values).values().stream().map(Variants::slug).collect(Collectors.joining("_"));
    }

    static String slug(String value) {
        String ascii = Normalizer.normalize(value, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > MAX_VALUE_CHARS) {
            slug = slug.substring(0, MAX_VALUE_CHARS).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "x" : slug;
    }
}

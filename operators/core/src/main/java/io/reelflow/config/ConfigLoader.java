package io.reelflow.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a {@link ReelflowConfig}: the classpath defaults, then a YAML file, then {@code REELFLOW_*} environment
 * variables, then {@code path=value} overrides, each layer over the last. Keys that are not in the defaults are
 * rejected, so a typo fails at start-up instead of being ignored.
 */
public final class ConfigLoader {

    static final String DEFAULTS_RESOURCE = "/reelflow-defaults.yaml";
    private static final String ENV_PREFIX = "REELFLOW_";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .registerModule(new SimpleModule().addDeserializer(Duration.class, new DurationDeserializer()));

    private Path file;
    private Map<String, String> environment = Map.of();
    private final Map<String, String> overrides = new LinkedHashMap<>();

    private ConfigLoader() {}

    public static ConfigLoader builder() {
        return new ConfigLoader();
    }

    /** A YAML file with the shape of the defaults; null for none. */
    public ConfigLoader file(Path file) {
        this.file = file;
        return this;
    }

    /** Environment to read {@code REELFLOW_*} variables from, usually {@code System.getenv()}. */
    public ConfigLoader environment(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        return this;
    }

    /** Sets one key, e.g. {@code set("kafka.bootstrap-servers", "host:9092")}; the value is parsed as YAML. */
    public ConfigLoader set(String path, String value) {
        overrides.put(path, value);
        return this;
    }

    /** Sets several keys given as {@code path=value}. */
    public ConfigLoader set(List<String> assignments) {
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected path=value, got '" + assignment + "'");
            }
            set(assignment.substring(0, eq).trim(), assignment.substring(eq + 1));
        }
        return this;
    }

    public ReelflowConfig build() {
        ObjectNode tree = defaultsTree();
        List<String> leaves = leafPaths(tree, "");
        if (file != null) {
            merge(tree, readYaml(file), "");
        }
        for (String path : leaves) {
            String value = environment.get(envName(path));
            if (value != null) {
                put(tree, path, value);
            }
        }
        overrides.forEach((path, value) -> put(tree, path, value));
        try {
            return YAML.treeToValue(tree, ReelflowConfig.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("invalid configuration: " + e.getOriginalMessage(), e);
        }
    }

    /** The environment variable that sets a key: {@code storage.secret-key} is {@code REELFLOW_STORAGE_SECRET_KEY}. */
    public static String envName(String path) {
        return ENV_PREFIX + path.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** Every key of the defaults, dotted, for documentation checks. */
    public static List<String> keys() {
        return leafPaths(defaultsTree(), "");
    }

    private static ObjectNode defaultsTree() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the classpath");
            }
            return (ObjectNode) YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readYaml(Path path) {
        try {
            JsonNode node = YAML.readTree(Files.readString(path));
            if (node == null || node.isMissingNode() || node.isNull()) {
                return YAML.createObjectNode();
            }
            if (!node.isObject()) {
                throw new IllegalArgumentException(path + ": expected a YAML mapping at the top level");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read configuration " + path + ": " + e.getMessage(), e);
        }
    }

    private static void merge(ObjectNode target, JsonNode source, String prefix) {
        for (Iterator<Map.Entry<String, JsonNode>> it = source.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String path = prefix + field.getKey();
            JsonNode existing = target.get(field.getKey());
            if (existing == null) {
                throw new IllegalArgumentException("unknown configuration key '" + path + "'");
            }
            if (existing.isObject() && field.getValue().isObject()) {
                merge((ObjectNode) existing, field.getValue(), path + ".");
            } else {
                target.set(field.getKey(), field.getValue());
            }
        }
    }

    private static void put(ObjectNode tree, String path, String value) {
        String[] parts = path.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (child == null || !child.isObject()) {
                throw new IllegalArgumentException("unknown configuration key '" + path + "'");
            }
            node = (ObjectNode) child;
        }
        String leaf = parts[parts.length - 1];
        if (!node.has(leaf)) {
            throw new IllegalArgumentException("unknown configuration key '" + path + "'");
        }
        try {
            JsonNode parsed = YAML.readTree(value);
            node.set(leaf, parsed == null || parsed.isMissingNode() ? YAML.getNodeFactory().textNode(value) : parsed);
        } catch (IOException e) {
            node.put(leaf, value);
        }
    }

    private static List<String> leafPaths(JsonNode node, String prefix) {
        List<String> paths = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getValue().isObject()) {
                paths.addAll(leafPaths(field.getValue(), prefix + field.getKey() + "."));
            } else {
                paths.add(prefix + field.getKey());
            }
        }
        return paths;
    }

    /** Parses {@code 500ms}, {@code 10s}, {@code 5m}, {@code 2h}, {@code 7d}, or ISO-8601 ({@code PT10S}). */
    public static Duration parseDuration(String text) {
        Matcher m = Pattern.compile("\\s*(\\d+)\\s*(ms|s|m|h|d)\\s*").matcher(text);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        return Duration.parse(text.trim());
    }

    private static final class DurationDeserializer extends JsonDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            try {
                return parseDuration(p.getValueAsString());
            } catch (RuntimeException e) {
                return (Duration) ctx.handleWeirdStringValue(Duration.class, p.getValueAsString(),
                        "expected a duration like 500ms, 10s, 5m, 2h, 7d");
            }
        }
    }
}

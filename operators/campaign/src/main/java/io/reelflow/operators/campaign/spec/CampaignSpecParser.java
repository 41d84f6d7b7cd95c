package io.reelflow.operators.campaign.spec;

import io.reelflow.config.LimitsConfig;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.config.TenantsConfig;
import io.reelflow.model.ModelCatalog;
import io.reelflow.model.ModelManifest;
import io.reelflow.operators.campaign.spec.SpecProblem.Severity;
import io.reelflow.operators.campaign.spec.internal.DidYouMean;
import io.reelflow.operators.campaign.spec.internal.FormatReader;
import io.reelflow.operators.campaign.spec.internal.LogoFiles;
import io.reelflow.operators.campaign.spec.internal.SpecReader;
import io.reelflow.operators.campaign.spec.internal.TableReader;
import io.reelflow.operators.campaign.spec.internal.TableReader.Table;
import io.reelflow.operators.campaign.spec.internal.YamlNode;
import io.reelflow.operators.campaign.spec.internal.YamlTree;
import io.reelflow.pipeline.BlockedTermRules;
import io.reelflow.pipeline.OutputLimits;
import io.reelflow.schema.MarkPosition;
import io.reelflow.schema.Priority;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a campaign spec (YAML, docs/CAMPAIGNS.md) and checks it against the deployment: its limits, tenants and model
 * catalog. Finds every problem, each at its line and column, rather than stopping at the first.
 */
public final class CampaignSpecParser {

    /** Starts with a letter or digit: {@code .} and {@code ..} would be a path's segments, not a campaign's folder. */
    private static final Pattern CAMPAIGN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}");
    /** {@code template-variant}, the output's file name in an export, leaves room for {@code .poster.png} in 255 bytes. */
    static final int MAX_OUTPUT_NAME_CHARS = 200;
    private static final Set<String> KEYS = new LinkedHashSet<>(List.of("campaign", "tenant", "model", "priority",
            "negative-prompt", "steps", "sampler", "guidance", "seed", "templates", "variables", "cross",
            "combinations", "formats", "budget", "brand"));
    private static final Set<String> BUDGET_KEYS = new LinkedHashSet<>(List.of("max-device-seconds", "max-outputs"));
    private static final Set<String> BRAND_KEYS = new LinkedHashSet<>(List.of("logo", "palette", "forbidden-words"));
    private static final Set<String> LOGO_KEYS = new LinkedHashSet<>(List.of("file", "position", "opacity", "scale"));
    /** The bounds the VisibleMark schema documents for a mark's size and opacity, and its defaults. */
    private static final double MARK_MIN_SCALE = 0.05;
    private static final double MARK_MAX_SCALE = 0.5;
    private static final double MARK_DEFAULT_OPACITY = 0.6;
    private static final double MARK_DEFAULT_SCALE = 0.2;

    private final Path file;
    private final ReelflowConfig config;
    private final ModelCatalog catalog;
    private final List<SpecProblem> problems = new ArrayList<>();
    private final SpecReader reader;

    private CampaignSpecParser(Path file, ReelflowConfig config, ModelCatalog catalog) {
        this.file = file;
        this.config = config;
        this.catalog = catalog;
        this.reader = new SpecReader(file.toString(), problems);
    }

    /** Reads and checks the spec at {@code file}; tables and the logo are found relative to its folder. */
    public static ParsedSpec parse(Path file, ReelflowConfig config, ModelCatalog catalog) {
        CampaignSpecParser parser = new CampaignSpecParser(file, config, catalog);
        Optional<CampaignDefinition> campaign = parser.read();
        if (parser.problems.stream().anyMatch(SpecProblem::isError)) {
            campaign = Optional.empty();
        }
        List<SpecProblem> sorted = new ArrayList<>(parser.problems);
        // The spec's own problems first, by line; CSV tables' after, by file and line.
        sorted.sort(Comparator.comparing((SpecProblem p) -> !p.file().equals(file.toString()))
                .thenComparing(SpecProblem::file).thenComparingInt(SpecProblem::line)
                .thenComparingInt(SpecProblem::column));
        return new ParsedSpec(file.toString(), campaign, sorted);
    }

    private Optional<CampaignDefinition> read() {
        YamlTree.Document document;
        try {
            document = YamlTree.read(Files.readString(file));
        } catch (IOException e) {
            problems.add(new SpecProblem(Severity.ERROR, file.toString(), 1, 1, "cannot read the spec: " + e.getMessage()));
            return Optional.empty();
        } catch (YamlTree.SyntaxError e) {
            problems.add(new SpecProblem(Severity.ERROR, file.toString(), e.line(), e.column(), e.getMessage()));
            return Optional.empty();
        }
        document.duplicateKeys().forEach(key -> reader.error(key, "key '" + key.text() + "' appears twice"));
        YamlNode.Mapping root = reader.mapping(document.root(), "a campaign spec").orElse(null);
        if (root == null) {
            return Optional.empty();
        }
        reader.knownKeys(root, "the campaign spec", KEYS);
        for (String key : List.of("campaign", "tenant", "templates", "formats")) {
            reader.required(root, "a campaign spec", key);
        }
        Map<String, YamlNode> at = root.entries();
        String id = optional(at, "campaign").flatMap(n -> reader.text(n, "campaign").filter(text -> {
            boolean ok = CAMPAIGN_ID.matcher(text).matches();
            if (!ok) {
                reader.error(n, "campaign must be 1-96 of A-Z a-z 0-9 . _ -, starting with a letter or digit, got '"
                        + text + "'");
            }
            return ok;
        })).orElse(null);
        String tenant = optional(at, "tenant").flatMap(this::tenant).orElse(null);
        ModelManifest model = model(at.get("model"), root);
        Priority priority = optional(at, "priority").map(this::priority).orElse(Priority.LOW);
        LimitsConfig limits = config.limits();
        String negative = optional(at, "negative-prompt").flatMap(n -> reader.text(n, "negative-prompt")
                .filter(text -> withinPromptLimit(n, "negative-prompt", text))).orElse(null);

        FormatReader formats = new FormatReader(reader, limits, model);
        Integer steps = optional(at, "steps").flatMap(n -> reader.integer(n, "steps")
                .map(Long::intValue).filter(s -> formats.checkSampling(n, "", s, null))).orElse(null);
        String sampler = optional(at, "sampler").flatMap(n -> reader.text(n, "sampler")
                .filter(s -> formats.checkSampler(n, "", s))).orElse(null);
        Double guidance = optional(at, "guidance").flatMap(n -> reader.number(n, "guidance")
                .filter(g -> formats.checkSampling(n, "", null, g))).orElse(null);
        SeedPolicy seed = optional(at, "seed").map(formats::seed).orElse(new SeedPolicy.PerVariant());

        List<Table> tables = optional(at, "variables").flatMap(n -> reader.mapping(n, "variables"))
                .map(m -> new TableReader(reader, file.toAbsolutePath().getParent(), problems).read(m))
                .orElse(List.of());
        List<Template> templates = optional(at, "templates").flatMap(n -> reader.mapping(n, "templates"))
                .map(m -> templates(m, tables)).orElse(List.of());
        warnUnused(tables, templates);
        List<Map<String, String>> combinations = combinations(root, tables, templates);
        List<FormatSpec> formatSpecs = optional(at, "formats").flatMap(n -> reader.mapping(n, "formats"))
                .map(m -> {
                    if (m.entries().isEmpty()) {
                        reader.error(m, "formats is empty: name at least one, e.g. square: image 2048x2048");
                    }
                    return formats.read(m, new FormatReader.Defaults(steps, sampler, guidance, seed));
                })
                .orElse(List.of());
        Budget budget = optional(at, "budget").map(this::budget).orElse(Budget.NONE);
        BrandKit brand = optional(at, "brand").map(this::brand).orElse(BrandKit.NONE);
        if (problems.stream().anyMatch(SpecProblem::isError)) {
            return Optional.empty();
        }
        CampaignDefinition campaign = new CampaignDefinition(id, tenant, model.id(), model.version(), priority,
                negative, templates, combinations, formatSpecs, budget, brand);
        checkOutputs(campaign, root);
        return Optional.of(campaign);
    }

    private static Optional<YamlNode> optional(Map<String, YamlNode> entries, String key) {
        return Optional.ofNullable(entries.get(key));
    }

    private Optional<String> tenant(YamlNode node) {
        Optional<String> id = reader.text(node, "tenant");
        if (id.isPresent() && config.tenants().find(id.get()).isEmpty()) {
            List<String> known = config.tenants().known().stream().map(TenantsConfig.Tenant::id).toList();
            reader.error(node, "tenant '" + id.get() + "' is not configured in this deployment (tenants.known)"
                    + DidYouMean.suggest(id.get(), known) + "; known: " + String.join(", ", known));
            return Optional.empty();
        }
        return id;
    }

    private ModelManifest model(YamlNode node, YamlNode.Mapping root) {
        String id = node == null ? config.generation().defaultModel() : reader.text(node, "model").orElse(null);
        if (id == null) {
            return null;
        }
        Optional<ModelManifest> found;
        try {
            found = catalog.find(id);
        } catch (RuntimeException e) {
            reader.error(node != null ? node : root, "model '" + id + "' cannot be loaded: " + e.getMessage());
            return null;
        }
        if (found.isEmpty()) {
            reader.error(node != null ? node : root, "model '" + id + "' is not in the model catalog ("
                    + catalog.repository() + ")" + (node == null ? " (generation.default-model)" : ""));
        }
        return found.orElse(null);
    }

    private Priority priority(YamlNode node) {
        String text = reader.text(node, "priority").orElse("LOW");
        try {
            return Priority.valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            reader.error(node, "priority must be LOW, NORMAL or HIGH, got '" + text + "'");
            return Priority.LOW;
        }
    }

    private boolean withinPromptLimit(YamlNode at, String what, String text) {
        int max = config.limits().maxPromptChars();
        int length = text.codePointCount(0, text.length());
        if (length > max) {
            reader.error(at, what + " has " + length + " characters, at most " + max + " are allowed");
        }
        return length <= max;
    }

    private List<Template> templates(YamlNode.Mapping node, List<Table> tables) {
        if (node.entries().isEmpty()) {
            reader.error(node, "templates is empty: name at least one, e.g. hero: \"{product} on a table\"");
        }
        Set<String> variables = new HashSet<>();
        tables.forEach(t -> variables.addAll(t.variables()));
        List<Template> templates = new ArrayList<>();
        node.entries().forEach((name, value) -> {
            if (!FormatReader.NAME.matcher(name).matches()) {
                reader.error(node.keys().get(name), "template name '" + name
                        + "' must be a letter or digit, then letters, digits, _ or -");
                return;
            }
            reader.text(value, "template '" + name + "'").ifPresent(text -> {
                List<String> used = new ArrayList<>();
                Matcher m = Template.VARIABLE.matcher(text);
                while (m.find()) {
                    String variable = m.group(1);
                    if (!variables.contains(variable)) {
                        reader.error(value, "template '" + name + "' uses {" + variable + "}, which no table in "
                                + "variables has" + DidYouMean.suggest(variable, variables));
                    } else if (!used.contains(variable)) {
                        used.add(variable);
                    }
                }
                String rest = m.replaceAll("");
                if (rest.contains("{") || rest.contains("}")) {
                    reader.error(value, "template '" + name + "' has a '{' or '}' that is not part of a {variable}"
                            + " (a letter, then letters, digits, _ or -)");
                }
                templates.add(new Template(name, text, used));
            });
        });
        return templates;
    }

    private void warnUnused(List<Table> tables, List<Template> templates) {
        Set<String> used = new HashSet<>();
        templates.forEach(t -> used.addAll(t.variables()));
        for (Table table : tables) {
            for (String variable : table.variables()) {
                if (!used.contains(variable)) {
                    problems.add(new SpecProblem(Severity.WARNING, table.source(), table.at().line(),
                            table.at().column(), "variable '" + variable + "' of table '" + table.name()
                                    + "' is used by no template"));
                }
            }
        }
    }

    /** Every variable to its value, per combination: the cross product of the listed tables, or the listed rows. */
    private List<Map<String, String>> combinations(YamlNode.Mapping root, List<Table> tables, List<Template> templates) {
        Map<String, Table> byName = new LinkedHashMap<>();
        tables.forEach(t -> byName.put(t.name(), t));
        Map<String, Table> tableOf = new HashMap<>();
        tables.forEach(t -> t.variables().forEach(v -> tableOf.put(v, t)));
        Set<String> needed = new LinkedHashSet<>();
        templates.forEach(t -> t.variables().forEach(v -> needed.add(tableOf.get(v).name())));
        YamlNode cross = root.entries().get("cross");
        YamlNode listed = root.entries().get("combinations");
        if (cross != null && listed != null) {
            reader.error(listed, "give cross or combinations, not both");
            return List.of();
        }
        if (cross == null && listed == null) {
            if (!needed.isEmpty()) {
                reader.error(root, "templates use variables, so the spec needs cross (every combination of the"
                        + " listed tables' rows) or combinations (the rows to use, by table)");
            }
            return List.of(Map.of());
        }
        return cross != null ? cross(cross, byName, needed) : listed(listed, byName, needed);
    }

    private List<Map<String, String>> cross(YamlNode node, Map<String, Table> tables, Set<String> needed) {
        List<Table> crossed = new ArrayList<>();
        reader.sequence(node, "cross (a list of table names)").ifPresent(list -> {
            for (YamlNode item : list.items()) {
                reader.text(item, "a table name in cross").ifPresent(name -> {
                    Table table = tables.get(name);
                    if (table == null) {
                        reader.error(item, "cross names table '" + name + "', which variables does not have"
                                + DidYouMean.suggest(name, tables.keySet()));
                    } else if (crossed.contains(table)) {
                        reader.error(item, "cross names table '" + name + "' twice");
                    } else {
                        crossed.add(table);
                    }
                });
            }
        });
        Set<String> names = new HashSet<>();
        crossed.forEach(t -> names.add(t.name()));
        for (String table : needed) {
            if (tables.containsKey(table) && !names.contains(table)) {
                reader.error(node, "templates use table '" + table + "', which cross does not list");
            }
        }
        for (Table table : tables.values()) {
            if (!needed.contains(table.name()) && !names.contains(table.name())) {
                reader.warning(node, "table '" + table.name() + "' is neither in cross nor used by a template");
            }
        }
        List<Map<String, String>> product = new ArrayList<>(List.of(Map.of()));
        for (Table table : crossed) {
            if (table.rows().isEmpty()) {
                reader.error(node, "the cross product is empty: table '" + table.name() + "' has no rows");
                return List.of();
            }
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : product) {
                for (Map<String, String> row : table.rows()) {
                    Map<String, String> merged = new LinkedHashMap<>(partial);
                    merged.putAll(row);
                    next.add(merged);
                }
            }
            product = next;
        }
        return product;
    }

    private List<Map<String, String>> listed(YamlNode node, Map<String, Table> tables, Set<String> needed) {
        List<Map<String, String>> combinations = new ArrayList<>();
        reader.sequence(node, "combinations (a list of {table: row key})").ifPresent(list -> {
            if (list.items().isEmpty()) {
                reader.error(node, "combinations is empty, so the campaign has no outputs");
            }
            for (YamlNode item : list.items()) {
                reader.mapping(item, "a combination").ifPresent(m -> combination(m, tables, needed)
                        .ifPresent(combinations::add));
            }
        });
        return combinations;
    }

    private Optional<Map<String, String>> combination(YamlNode.Mapping node, Map<String, Table> tables,
            Set<String> needed) {
        Map<String, String> values = new LinkedHashMap<>();
        boolean ok = true;
        for (Map.Entry<String, YamlNode> entry : node.entries().entrySet()) {
            Table table = tables.get(entry.getKey());
            if (table == null) {
                reader.error(node.keys().get(entry.getKey()), "combination names table '" + entry.getKey()
                        + "', which variables does not have" + DidYouMean.suggest(entry.getKey(), tables.keySet()));
                ok = false;
                continue;
            }
            Optional<String> key = reader.text(entry.getValue(), "the row of table '" + table.name() + "'");
            Optional<Map<String, String>> row = key.flatMap(k -> table.rows().stream()
                    .filter(r -> table.key(r).equals(k)).findFirst());
            if (key.isPresent() && row.isEmpty()) {
                List<String> keys = table.rows().stream().map(table::key).toList();
                reader.error(entry.getValue(), "table '" + table.name() + "' has no row '" + key.get() + "'"
                        + DidYouMean.suggest(key.get(), keys));
            }
            ok &= row.isPresent();
            row.ifPresent(values::putAll);
        }
        List<String> missing = needed.stream().filter(t -> !node.entries().containsKey(t)).toList();
        if (!missing.isEmpty()) {
            reader.error(node, "combination names no row of " + SpecReader.quoted(missing) + ", which templates use");
            ok = false;
        }
        return ok ? Optional.of(values) : Optional.empty();
    }

    private Budget budget(YamlNode node) {
        YamlNode.Mapping m = reader.mapping(node, "budget").orElse(null);
        if (m == null) {
            return Budget.NONE;
        }
        reader.knownKeys(m, "budget", BUDGET_KEYS);
        if (m.entries().isEmpty()) {
            reader.error(m, "budget is empty: give max-device-seconds and/or max-outputs, or leave budget out");
        }
        Double seconds = optional(m.entries(), "max-device-seconds")
                .flatMap(n -> reader.number(n, "max-device-seconds").filter(v -> positive(n, "max-device-seconds", v)))
                .orElse(null);
        Integer outputs = optional(m.entries(), "max-outputs")
                .flatMap(n -> reader.integer(n, "max-outputs").filter(v -> positive(n, "max-outputs", v)))
                .map(v -> (int) Math.min(v, Integer.MAX_VALUE)).orElse(null);
        return new Budget(seconds, outputs);
    }

    private boolean positive(YamlNode at, String what, double value) {
        if (value <= 0) {
            reader.error(at, what + " must be positive, got " + (value == Math.rint(value) ? Long.toString((long) value) : value));
        }
        return value > 0;
    }

    private BrandKit brand(YamlNode node) {
        YamlNode.Mapping m = reader.mapping(node, "brand").orElse(null);
        if (m == null) {
            return BrandKit.NONE;
        }
        reader.knownKeys(m, "brand", BRAND_KEYS);
        BrandKit.Logo logo = optional(m.entries(), "logo").map(this::logo).orElse(null);
        List<String> palette = optional(m.entries(), "palette").map(n -> reader.texts(n, "palette")).orElse(List.of());
        List<String> forbidden = new ArrayList<>();
        optional(m.entries(), "forbidden-words").ifPresent(n -> reader.sequence(n, "forbidden-words").ifPresent(list -> {
            if (list.items().isEmpty()) {
                reader.error(n, "forbidden-words is empty: list words, or leave it out");
            }
            for (YamlNode item : list.items()) {
                if (!(item instanceof YamlNode.Scalar s) || s.isNull() || s.text().isBlank()) {
                    reader.error(item, "a forbidden word is empty");
                } else if (forbidden.contains(s.text().trim())) {
                    reader.warning(item, "forbidden word '" + s.text().trim() + "' is listed twice");
                } else {
                    // The decode stage's rules for blocked_terms, so no request of the campaign is refused for them.
                    Optional<String> problem = BlockedTermRules.problem(s.text()).map(r -> r.message());
                    problem.ifPresent(p -> reader.error(item, "forbidden word '"
                            + s.text().trim().replaceAll("[\\p{Cc}\\p{Cf}\\p{Cs}]", "?") + "' " + p));
                    if (problem.isEmpty()) {
                        forbidden.add(s.text().trim());
                    }
                }
            }
            if (forbidden.size() > BlockedTermRules.MAX_TERMS) {
                reader.error(n, "forbidden-words has " + forbidden.size() + " words, at most "
                        + BlockedTermRules.MAX_TERMS + " are allowed");
            }
        }));
        return new BrandKit(logo, palette, forbidden);
    }

    private BrandKit.Logo logo(YamlNode node) {
        YamlNode fileNode = node;
        MarkPosition position = MarkPosition.BOTTOM_RIGHT;
        double opacity = MARK_DEFAULT_OPACITY;
        double scale = MARK_DEFAULT_SCALE;
        if (node instanceof YamlNode.Mapping m) {
            reader.knownKeys(m, "logo", LOGO_KEYS);
            reader.required(m, "logo", "file");
            fileNode = m.entries().get("file");
            YamlNode at;
            if ((at = m.entries().get("position")) != null) {
                YamlNode positionNode = at;
                position = reader.text(at, "logo position").flatMap(p -> markPosition(positionNode, p)).orElse(position);
            }
            if ((at = m.entries().get("opacity")) != null) {
                YamlNode opacityNode = at;
                opacity = reader.number(at, "logo opacity").filter(v -> markBound(opacityNode, "logo opacity", v, 0, 1))
                        .orElse(opacity);
            }
            if ((at = m.entries().get("scale")) != null) {
                YamlNode scaleNode = at;
                scale = reader.number(at, "logo scale")
                        .filter(v -> markBound(scaleNode, "logo scale", v, MARK_MIN_SCALE, MARK_MAX_SCALE)).orElse(scale);
            }
        }
        if (fileNode == null) {
            return null;
        }
        YamlNode logoNode = fileNode;
        Optional<String> name = reader.text(fileNode, "logo file");
        if (name.isEmpty()) {
            return null;
        }
        Path logo = file.toAbsolutePath().getParent().resolve(name.get()).normalize();
        try {
            byte[] bytes = Files.readAllBytes(logo);
            String unusable = LogoFiles.problem(logo.getFileName().toString(), bytes);
            if (unusable != null) {
                reader.error(logoNode, "logo file " + logo + " " + unusable);
                return null;
            }
            return new BrandKit.Logo(logo.toString(), Fingerprints.sha256Hex(bytes), position, opacity, scale, null);
        } catch (IOException e) {
            reader.error(logoNode, "logo file " + logo + (Files.exists(logo) ? " cannot be read: " + e.getMessage()
                    : " does not exist"));
            return null;
        }
    }

    private Optional<MarkPosition> markPosition(YamlNode at, String text) {
        try {
            return Optional.of(MarkPosition.valueOf(text.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_')));
        } catch (IllegalArgumentException e) {
            reader.error(at, "logo position must be one of " + Arrays.toString(MarkPosition.values()) + ", got '" + text + "'");
            return Optional.empty();
        }
    }

    private boolean markBound(YamlNode at, String what, double value, double min, double max) {
        Optional<String> problem = OutputLimits.bounded(what, value, min, max).map(r -> r.message());
        problem.ifPresent(p -> reader.error(at, p));
        return problem.isEmpty();
    }

    /**
     * What only the rendered outputs show: prompts over the limit, variants of a template with the same key, outputs of
     * two templates with the same name ({@code hero} + {@code a-teapot} and {@code hero-a} + {@code teapot}), names too
     * long for a file.
     */
    private void checkOutputs(CampaignDefinition campaign, YamlNode.Mapping root) {
        YamlNode.Mapping templates = (YamlNode.Mapping) root.entries().get("templates");
        int maxLabel = config.limits().maxLabelChars();
        Set<String> reported = new HashSet<>();
        Map<String, String> templateOfName = new HashMap<>();
        for (Template template : campaign.templates()) {
            YamlNode at = templates.entries().get(template.name());
            Map<String, Map<String, String>> byKey = new HashMap<>();
            for (Map<String, String> values : Variants.of(template, campaign.combinations())) {
                String key = Variants.key(values);
                Map<String, String> other = byKey.putIfAbsent(key, values);
                if (other != null) {
                    reader.error(at, "template '" + template.name() + "': variants " + other + " and " + values
                            + " get the same key '" + key + "'; make their values differ in letters or digits");
                }
                String name = template.name() + "-" + key;
                String named = templateOfName.putIfAbsent(name, template.name());
                if (named != null && !named.equals(template.name()) && reported.add(name)) {
                    reader.error(at, "templates '" + named + "' and '" + template.name() + "' both make outputs named '"
                            + name + "'; rename one of the templates");
                }
                if (name.length() > MAX_OUTPUT_NAME_CHARS && reported.add(template.name() + "/name")) {
                    reader.error(at, "template '" + template.name() + "': output name '" + name + "' is longer than "
                            + MAX_OUTPUT_NAME_CHARS + " characters (a file name in exports); use fewer or shorter variables");
                }
                if (key.length() > maxLabel && reported.add(template.name() + "/long")) {
                    reader.error(at, "template '" + template.name() + "': variant key '" + key + "' is longer than "
                            + maxLabel + " characters (limits.max-label-chars); use fewer or shorter variables");
                }
                String prompt = campaign.brand().withPalette(template.render(values));
                if (!withinPromptLimit(at, "template '" + template.name() + "' with " + values, prompt)) {
                    break;
                }
            }
        }
    }
}

package io.reelflow.operators.campaign.spec.internal;

import io.reelflow.operators.campaign.spec.SpecProblem;
import io.reelflow.operators.campaign.spec.SpecProblem.Severity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Typed reads of YAML nodes that record a problem at the node instead of throwing, so every problem is found. */
public final class SpecReader {

    private final String file;
    private final List<SpecProblem> problems;

    public SpecReader(String file, List<SpecProblem> problems) {
        this.file = file;
        this.problems = problems;
    }

    public String file() {
        return file;
    }

    public void error(YamlNode at, String message) {
        problems.add(new SpecProblem(Severity.ERROR, file, at.line(), at.column(), message));
    }

    public void warning(YamlNode at, String message) {
        problems.add(new SpecProblem(Severity.WARNING, file, at.line(), at.column(), message));
    }

    /** Each key not in {@code allowed} is an error at the key, with the nearest allowed key if one is close. */
    public void knownKeys(YamlNode.Mapping mapping, String where, Set<String> allowed) {
        mapping.keys().forEach((name, key) -> {
            if (!allowed.contains(name)) {
                error(key, "unknown key '" + name + "' in " + where + DidYouMean.suggest(name, allowed)
                        + "; expected one of " + String.join(", ", allowed));
            }
        });
    }

    public void required(YamlNode.Mapping mapping, String where, String key) {
        if (!mapping.entries().containsKey(key)) {
            error(mapping, where + " needs '" + key + "'");
        }
    }

    public Optional<YamlNode.Mapping> mapping(YamlNode node, String what) {
        if (node instanceof YamlNode.Mapping m) {
            return Optional.of(m);
        }
        error(node, what + " must be a mapping, got " + node.kind());
        return Optional.empty();
    }

    public Optional<YamlNode.Sequence> sequence(YamlNode node, String what) {
        if (node instanceof YamlNode.Sequence s) {
            return Optional.of(s);
        }
        error(node, what + " must be a list, got " + node.kind());
        return Optional.empty();
    }

    /** A non-empty scalar's text. */
    public Optional<String> text(YamlNode node, String what) {
        if (node instanceof YamlNode.Scalar s && !s.isNull() && !s.text().isBlank()) {
            return Optional.of(s.text());
        }
        error(node, what + " must be a non-empty text, got " + (node instanceof YamlNode.Scalar ? "nothing" : node.kind()));
        return Optional.empty();
    }

    public Optional<Long> integer(YamlNode node, String what) {
        Optional<String> text = text(node, what);
        try {
            return text.map(t -> Long.parseLong(t.trim()));
        } catch (NumberFormatException e) {
            error(node, what + " must be a whole number, got '" + text.get() + "'");
            return Optional.empty();
        }
    }

    public Optional<Double> number(YamlNode node, String what) {
        Optional<String> text = text(node, what);
        try {
            Optional<Double> value = text.map(t -> Double.parseDouble(t.trim()));
            if (value.isPresent() && !Double.isFinite(value.get())) {
                error(node, what + " must be a finite number, got '" + text.get() + "'");
                return Optional.empty();
            }
            return value;
        } catch (NumberFormatException e) {
            error(node, what + " must be a number, got '" + text.get() + "'");
            return Optional.empty();
        }
    }

    /** A non-empty list of non-empty texts. */
    public List<String> texts(YamlNode node, String what) {
        List<String> texts = new ArrayList<>();
        sequence(node, what).ifPresent(list -> {
            if (list.items().isEmpty()) {
                error(node, what + " is empty");
            }
            for (YamlNode item : list.items()) {
                text(item, "each of " + what).ifPresent(texts::add);
            }
        });
        return texts;
    }

    public static String quoted(Collection<String> names) {
        return names.stream().map(n -> "'" + n + "'").reduce((a, b) -> a + ", " + b).orElse("");
    }
}

package io.reelflow.operators.campaign.spec.internal;

import java.util.List;
import java.util.Map;

/** A YAML node with where it starts in its file (line and column from 1), so every problem can point at it. */
public sealed interface YamlNode {

    int line();

    int column();

    /** What the node is, for messages: "a mapping", "a list", "a number"... */
    String kind();

    /** A scalar as written ({@code no} stays "no", not false); {@code isNull} for {@code ~}, {@code null} or nothing. */
    record Scalar(String text, boolean isNull, int line, int column) implements YamlNode {
        @Override
        public String kind() {
            return isNull ? "null" : "a scalar";
        }
    }

    record Sequence(List<YamlNode> items, int line, int column) implements YamlNode {
        @Override
        public String kind() {
            return "a list";
        }
    }

    /** A mapping; {@code keys} holds each key's own node, for problems about the key itself. */
    record Mapping(Map<String, YamlNode> entries, Map<String, Scalar> keys, int line, int column) implements YamlNode {
        @Override
        public String kind() {
            return "a mapping";
        }
    }
}

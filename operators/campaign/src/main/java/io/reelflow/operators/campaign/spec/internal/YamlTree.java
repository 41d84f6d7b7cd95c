package io.reelflow.operators.campaign.spec.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one YAML document into {@link YamlNode}s that keep their line and column. Jackson's YAML parser (the one the
 * config loader uses) reports each token's position; its tree model drops them.
 */
public final class YamlTree {

    /** The document cannot be read as YAML at all. */
    public static final class SyntaxError extends Exception {
        private final int line;
        private final int column;

        SyntaxError(String message, int line, int column) {
            super(message);
            this.line = line;
            this.column = column;
        }

        public int line() {
            return line;
        }

        public int column() {
            return column;
        }
    }

    private final JsonParser parser;
    private final List<YamlNode.Scalar> duplicateKeys = new ArrayList<>();

    private YamlTree(JsonParser parser) {
        this.parser = parser;
    }

    /** The document's root (an empty document is a null scalar), and every key repeated in its mapping. */
    public record Document(YamlNode root, List<YamlNode.Scalar> duplicateKeys) {}

    public static Document read(String content) throws SyntaxError {
        try (JsonParser parser = new YAMLFactory().createParser(content)) {
            YamlTree tree = new YamlTree(parser);
            JsonToken first = parser.nextToken();
            YamlNode root = first == null ? new YamlNode.Scalar("", true, 1, 1) : tree.node(first);
            return new Document(root, List.copyOf(tree.duplicateKeys));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new SyntaxError("not valid YAML: " + e.getOriginalMessage(),
                    at == null ? 1 : Math.max(1, at.getLineNr()), at == null ? 1 : Math.max(1, at.getColumnNr()));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a String
        }
    }

    private YamlNode node(JsonToken token) throws IOException {
        JsonLocation at = parser.currentTokenLocation();
        int line = at.getLineNr();
        int column = at.getColumnNr();
        if (token == JsonToken.START_OBJECT) {
            Map<String, YamlNode> entries = new LinkedHashMap<>();
            Map<String, YamlNode.Scalar> keys = new LinkedHashMap<>();
            for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                JsonLocation keyAt = parser.currentTokenLocation();
                YamlNode.Scalar key = new YamlNode.Scalar(parser.getText(), false, keyAt.getLineNr(), keyAt.getColumnNr());
                YamlNode value = node(parser.nextToken());
                if (keys.containsKey(key.text())) {
                    duplicateKeys.add(key);
                } else {
                    keys.put(key.text(), key);
                    entries.put(key.text(), value);
                }
            }
            return new YamlNode.Mapping(entries, keys, line, column);
        }
        if (token == JsonToken.START_ARRAY) {
            List<YamlNode> items = new ArrayList<>();
            for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                items.add(node(t));
            }
            return new YamlNode.Sequence(items, line, column);
        }
        boolean isNull = token == JsonToken.VALUE_NULL;
        return new YamlNode.Scalar(isNull ? "" : parser.getText(), isNull, line, column);
    }
}

package io.reelflow.operators.campaign.spec.internal;

import io.reelflow.operators.campaign.internal.CsvLine;
import io.reelflow.operators.campaign.spec.SpecProblem;
import io.reelflow.operators.campaign.spec.SpecProblem.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the spec's variable tables. An inline list is a table of one variable named like the table; {@code {csv:
 * FILE}} is a table whose header names its variables (FILE relative to the spec). A row's key, which combinations name
 * it by, is its first value.
 */
public final class TableReader {

    public static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");

    /** A table: its variables, its rows (variable to value), and where it is declared (for problems about it). */
    public record Table(String name, List<String> variables, List<Map<String, String>> rows, YamlNode at,
            String source) {

        public String key(Map<String, String> row) {
            return row.get(variables.get(0));
        }
    }

    private final SpecReader reader;
    private final Path folder;
    private final List<SpecProblem> problems;

    public TableReader(SpecReader reader, Path folder, List<SpecProblem> problems) {
        this.reader = reader;
        this.folder = folder;
        this.problems = problems;
    }

    public List<Table> read(YamlNode.Mapping variables) {
        List<Table> tables = new ArrayList<>();
        Map<String, String> tableOfVariable = new LinkedHashMap<>();
        variables.entries().forEach((name, node) -> {
            YamlNode.Scalar key = variables.keys().get(name);
            if (!NAME.matcher(name).matches()) {
                reader.error(key, "table name '" + name + "' must be a letter, then letters, digits, _ or -");
                return;
            }
            Table table = node instanceof YamlNode.Mapping csv ? csv(name, csv) : inline(name, node);
            if (table == null) {
                return;
            }
            for (String variable : table.variables()) {
                String other = tableOfVariable.putIfAbsent(variable, name);
                if (other != null) {
                    reader.error(key, "variable '" + variable + "' of table '" + name + "' is also in table '" + other
                            + "'; a variable comes from one table");
                }
            }
            tables.add(table);
        });
        return tables;
    }

    private Table inline(String name, YamlNode node) {
        List<Map<String, String>> rows = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        YamlNode.Sequence list = reader.sequence(node, "table '" + name + "' (a list of values, or {csv: FILE})")
                .orElse(null);
        if (list == null) {
            return null;
        }
        for (YamlNode item : list.items()) {
            reader.text(item, "a value of table '" + name + "'").ifPresent(value -> {
                if (!seen.add(value)) {
                    reader.error(item, "table '" + name + "' has '" + value + "' twice");
                } else {
                    rows.add(Map.of(name, value));
                }
            });
        }
        return new Table(name, List.of(name), rows, node, reader.file());
    }

    private Table csv(String name, YamlNode.Mapping node) {
        reader.knownKeys(node, "table '" + name + "'", Set.of("csv"));
        reader.required(node, "table '" + name + "'", "csv");
        YamlNode fileNode = node.entries().get("csv");
        String fileName = fileNode == null ? null : reader.text(fileNode, "csv").orElse(null);
        if (fileName == null) {
            return null;
        }
        Path file = folder.resolve(fileName).normalize();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            reader.error(fileNode, "cannot read CSV table " + file + ": " + (Files.exists(file) ? e.getMessage() : "no such file"));
            return null;
        }
        String source = file.toString();
        List<String> header = null;
        int headerLine = 0;
        List<Map<String, String>> rows = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            List<String> cells;
            try {
                cells = CsvLine.split(line).stream().map(String::trim).toList();
            } catch (IllegalArgumentException e) {
                csvError(source, i + 1, 1, e.getMessage());
                continue;
            }
            if (header == null) {
                header = header(cells, source, i + 1);
                headerLine = i + 1;
                continue;
            }
            if (cells.size() != header.size()) {
                csvError(source, i + 1, 1, "row has " + cells.size() + " values but the header has " + header.size()
                        + " columns (" + String.join(", ", header) + ")");
                continue;
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < cells.size(); c++) {
                if (cells.get(c).isEmpty()) {
                    csvError(source, i + 1, 1, "column '" + header.get(c) + "' is empty");
                }
                row.put(header.get(c), cells.get(c));
            }
            if (!keys.add(cells.get(0))) {
                csvError(source, i + 1, 1, "a second row with key '" + cells.get(0) + "' (the first column names a row)");
            }
            rows.add(row);
        }
        if (header == null) {
            reader.error(fileNode, "CSV table " + file + " has no header line");
            return null;
        }
        YamlNode at = new YamlNode.Scalar(source, false, headerLine, 1);
        return new Table(name, header, rows, at, source);
    }

    private List<String> header(List<String> cells, String source, int line) {
        Set<String> seen = new HashSet<>();
        for (String cell : cells) {
            if (!NAME.matcher(cell).matches()) {
                csvError(source, line, 1, "column '" + cell + "' is not a variable name (a letter, then letters, digits, _ or -)");
            } else if (!seen.add(cell)) {
                csvError(source, line, 1, "column '" + cell + "' appears twice");
            }
        }
        return cells;
    }

    private void csvError(String source, int line, int column, String message) {
        problems.add(new SpecProblem(Severity.ERROR, source, line, column, message));
    }
}

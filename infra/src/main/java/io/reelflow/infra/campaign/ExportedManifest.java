package io.reelflow.infra.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.reelflow.operators.campaign.report.CsvField;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The manifest next to the exported files: the store's rows as they are, each with the exported files added
 * ({@code file}, {@code poster_file}, relative to the campaign's directory, null when not exported), as JSON and CSV.
 * The CSV's columns are the JSON's fields in order, with {@code variables} spread into {@code variable.<name>} columns
 * as the store's manifest.csv has them, so columns a newer manifest adds are kept; text is neutralised as there.
 */
final class ExportedManifest {

    static final String JSON_NAME = "manifest.json";
    static final String CSV_NAME = "manifest.csv";
    private static final String VARIABLES = "variables";
    private static final String VARIABLE_COLUMN = "variable.";

    private ExportedManifest() {}

    static void write(Path campaignDir, ArrayNode rows) throws IOException {
        AtomicFiles.write(campaignDir.resolve(JSON_NAME), rows.toPrettyString().getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(campaignDir.resolve(CSV_NAME), csv(rows).getBytes(StandardCharsets.UTF_8));
    }

    static String csv(ArrayNode rows) {
        Set<String> fields = new LinkedHashSet<>();
        Set<String> variables = new TreeSet<>();
        for (JsonNode row : rows) {
            row.fieldNames().forEachRemaining(fields::add);
            if (row.get(VARIABLES) != null && row.get(VARIABLES).isObject()) {
                row.get(VARIABLES).fieldNames().forEachRemaining(variables::add);
            }
        }
        List<String> header = new ArrayList<>();
        for (String field : fields) {
            if (field.equals(VARIABLES)) {
                variables.forEach(v -> header.add(CsvField.text(VARIABLE_COLUMN + v)));
            } else {
                header.add(CsvField.text(field));
            }
        }
        StringBuilder csv = new StringBuilder();
        csv.append(String.join(",", header)).append("\r\n");
        for (JsonNode row : rows) {
            List<String> cells = new ArrayList<>();
            for (String field : fields) {
                if (field.equals(VARIABLES)) {
                    JsonNode values = row.path(VARIABLES);
                    variables.forEach(v -> cells.add(cell(values.isObject() ? values.get(v) : null)));
                } else {
                    cells.add(cell(row.get(field)));
                }
            }
            csv.append(String.join(",", cells)).append("\r\n");
        }
        return csv.toString();
    }

    /** Numbers and booleans as they are (as CampaignManifest writes them); text neutralised; anything else as JSON. */
    private static String cell(JsonNode value) {
        if (value == null || value.isNull()) {
            return "";
        }
        if (value.isNumber() || value.isBoolean()) {
            return value.asText();
        }
        return CsvField.text(value.isTextual() ? value.asText() : value.toString());
    }
}

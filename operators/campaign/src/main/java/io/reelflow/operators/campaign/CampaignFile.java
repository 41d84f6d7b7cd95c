package io.reelflow.operators.campaign;

import io.reelflow.operators.campaign.internal.CsvLine;
import io.reelflow.schema.GenerationRequest;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * A campaign file split into rows. Blank lines and lines starting with {@code #} are not rows. For CSV the first row
 * is the header: GenerationRequest field names with scalar values, or {@code label.NAME}; other columns are an error
 * for the whole file, since every row would fail the same way.
 */
public record CampaignFile(List<String> csvHeader, List<CampaignRow> rows) implements Serializable {

    public static CampaignFile parse(CampaignFormat format, String content) {
        List<CampaignRow> rows = new ArrayList<>();
        String[] lines = content.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (!line.isBlank() && !line.stripLeading().startsWith("#")) {
                rows.add(new CampaignRow(i + 1, line));
            }
        }
        if (format == CampaignFormat.JSONL) {
            return new CampaignFile(List.of(), rows);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("CSV campaign has no header line");
        }
        List<String> header = CsvLine.split(rows.get(0).text()).stream().map(String::trim).toList();
        for (String column : header) {
            checkColumn(column);
        }
        return new CampaignFile(header, List.copyOf(rows.subList(1, rows.size())));
    }

    private static void checkColumn(String column) {
        if (column.startsWith("label.") && column.length() > "label.".length()) {
            return;
        }
        Schema.Field field = GenerationRequest.getClassSchema().getField(column);
        if (field == null) {
            throw new IllegalArgumentException("unknown CSV column '" + column + "': use GenerationRequest field names or label.NAME");
        }
        if (CsvCell.scalarType(field.schema()) == null) {
            throw new IllegalArgumentException("CSV column '" + column + "' is not a scalar field; use JSONL for it");
        }
    }
}

package io.reelflow.operators.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import org.apache.avro.Schema;

/** Types a CSV cell by the GenerationRequest field it fills, so the request decoder sees proper JSON. */
final class CsvCell {

    private CsvCell() {}

    /** The field's scalar type (nullable unions unwrapped), or null if it is not a scalar. */
    static Schema.Type scalarType(Schema schema) {
        Schema s = schema;
        if (s.getType() == Schema.Type.UNION) {
            List<Schema> branches = s.getTypes().stream().filter(b -> b.getType() != Schema.Type.NULL).toList();
            if (branches.size() != 1) {
                return null;
            }
            s = branches.get(0);
        }
        return switch (s.getType()) {
            case STRING, ENUM, INT, LONG, DOUBLE, FLOAT, BOOLEAN -> s.getType();
            default -> null;
        };
    }

    /** The cell as JSON for {@code field}; throws IllegalArgumentException with a reason if it does not parse. */
    static JsonNode toJson(Schema.Field field, String cell) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        String text = cell.trim();
        try {
            return switch (scalarType(field.schema())) {
                case INT -> json.numberNode(Integer.parseInt(text));
                case LONG -> json.numberNode(Long.parseLong(text));
                case DOUBLE, FLOAT -> json.numberNode(Double.parseDouble(text));
                case BOOLEAN -> switch (text.toLowerCase(java.util.Locale.ROOT)) {
                    case "true" -> json.booleanNode(true);
                    case "false" -> json.booleanNode(false);
                    default -> throw new NumberFormatException();
                };
                default -> json.textNode(cell);
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "column " + field.name() + ": '" + cell + "' is not a " + scalarType(field.schema()).getName());
        }
    }
}

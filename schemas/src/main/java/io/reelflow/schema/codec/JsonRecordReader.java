package io.reelflow.schema.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelflow.schema.codec.CodecException.Kind;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Conversion;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Natural JSON to Avro values, walking the schema rather than the JSON, so recursion depth is the schema's, never
 * the input's. Strict: unknown fields, missing required fields and wrong types are errors naming the field path.
 */
final class JsonRecordReader {

    private final SpecificData model;

    JsonRecordReader(SpecificData model) {
        this.model = model;
    }

    /**
     * Reads the top-level record, decoding every field even after one fails, so the error can carry a partial record
     * with whatever did decode (request_id and tenant_id, typically). The first error in document order is thrown.
     */
    SpecificRecord readTop(JsonNode node, Schema schema) throws CodecException {
        if (!node.isObject()) {
            throw new CodecException(Kind.MALFORMED, "", "expected a JSON object, got " + describe(node));
        }
        IndexedRecord record = (IndexedRecord) model.newRecord(null, schema);
        CodecException first = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            try {
                Schema.Field field = field(schema, entry.getKey(), "");
                record.put(field.pos(), read(entry.getValue(), field.schema(), field.name()));
            } catch (CodecException e) {
                first = first == null ? e : first;
            }
        }
        if (first == null) {
            try {
                fillAbsent(record, node, schema, "");
            } catch (CodecException e) {
                first = e;
            }
        }
        if (first != null) {
            throw first.withPartial((SpecificRecord) record);
        }
        return (SpecificRecord) record;
    }

    Object read(JsonNode node, Schema schema, String path) throws CodecException {
        switch (schema.getType()) {
            case NULL:
                return expect(node.isNull(), null, "null", node, path);
            case BOOLEAN:
                return expect(node.isBoolean(), node.booleanValue(), "a boolean", node, path);
            case INT:
                return expect(node.isIntegralNumber() && node.canConvertToInt(), node.intValue(),
                        "an integer between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE, node, path);
            case LONG:
                return schema.getLogicalType() instanceof LogicalTypes.TimestampMillis ? timestamp(node, schema, path)
                        : expect(node.isIntegralNumber() && node.canConvertToLong(), node.longValue(), "a 64-bit integer", node, path);
            case FLOAT:
                return expect(node.isNumber() && Float.isFinite(node.floatValue()), node.floatValue(), "a finite number", node, path);
            case DOUBLE:
                return expect(node.isNumber() && Double.isFinite(node.doubleValue()), node.doubleValue(), "a finite number", node, path);
            case STRING:
                return expect(node.isTextual(), node.textValue(), "a string", node, path);
            case BYTES:
                return ByteBuffer.wrap(base64(node, path));
            case FIXED:
                byte[] bytes = base64(node, path);
                if (bytes.length != schema.getFixedSize()) {
                    throw invalid(path, "must be " + schema.getFixedSize() + " bytes, got " + bytes.length);
                }
                return model.createFixed(null, bytes, schema);
            case ENUM:
                expect(node.isTextual(), null, "one of " + schema.getEnumSymbols(), node, path);
                if (!schema.hasEnumSymbol(node.textValue())) {
                    throw invalid(path, "unknown value '" + printable(node.textValue()) + "', expected one of " + schema.getEnumSymbols());
                }
                return model.createEnum(node.textValue(), schema);
            case ARRAY:
                expect(node.isArray(), null, "an array", node, path);
                List<Object> items = new ArrayList<>(node.size());
                for (int i = 0; i < node.size(); i++) {
                    items.add(read(node.get(i), schema.getElementType(), path + "[" + i + "]"));
                }
                return items;
            case MAP:
                expect(node.isObject(), null, "an object", node, path);
                Map<String, Object> map = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    map.put(entry.getKey(), read(entry.getValue(), schema.getValueType(), path + "." + printable(entry.getKey())));
                }
                return map;
            case RECORD:
                return record(node, schema, path);
            case UNION:
                return node.isNull() ? null : read(node, JsonSchemas.nonNullBranch(schema), path);
            default:
                throw new IllegalStateException("unsupported schema type " + schema.getType());
        }
    }

    private Object record(JsonNode node, Schema schema, String path) throws CodecException {
        expect(node.isObject(), null, "an object", node, path);
        IndexedRecord record = (IndexedRecord) model.newRecord(null, schema);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            Schema.Field field = field(schema, entry.getKey(), path);
            record.put(field.pos(), read(entry.getValue(), field.schema(), child(path, field.name())));
        }
        fillAbsent(record, node, schema, path);
        return record;
    }

    private void fillAbsent(IndexedRecord record, JsonNode node, Schema schema, String path) throws CodecException {
        for (Schema.Field field : schema.getFields()) {
            if (node.has(field.name())) {
                continue;
            }
            if (!field.hasDefaultValue()) {
                throw new CodecException(Kind.MISSING_FIELD, child(path, field.name()), "required field is missing");
            }
            // Copied: the model caches defaults, and maps and lists are mutable.
            record.put(field.pos(), model.deepCopy(field.schema(), model.getDefaultValue(field)));
        }
    }

    private Object timestamp(JsonNode node, Schema schema, String path) throws CodecException {
        long millis;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            millis = node.longValue();
        } else if (node.isTextual()) {
            try {
                millis = Instant.parse(node.textValue()).toEpochMilli();
            } catch (DateTimeParseException | ArithmeticException e) {
                throw invalid(path, "'" + printable(node.textValue()) + "' is not an ISO-8601 instant like 2026-11-24T13:00:00Z");
            }
        } else {
            throw invalid(path, "must be an ISO-8601 instant string or epoch milliseconds, got " + describe(node));
        }
        Conversion<?> conversion = model.getConversionFor(schema.getLogicalType());
        return conversion == null ? (Object) millis : conversion.fromLong(millis, schema, schema.getLogicalType());
    }

    private static byte[] base64(JsonNode node, String path) throws CodecException {
        expect(node.isTextual(), null, "a base64 string", node, path);
        try {
            return Base64.getDecoder().decode(node.textValue());
        } catch (IllegalArgumentException e) {
            throw invalid(path, "is not valid base64");
        }
    }

    private static Schema.Field field(Schema schema, String name, String path) throws CodecException {
        Schema.Field field = schema.getField(name);
        if (field == null) {
            throw new CodecException(Kind.UNKNOWN_FIELD, child(path, printable(name)),
                    "unknown field (" + schema.getName() + " has " + fieldNames(schema) + ")");
        }
        return field;
    }

    private static Object expect(boolean ok, Object value, String expected, JsonNode node, String path) throws CodecException {
        if (!ok) {
            throw invalid(path, "must be " + expected + ", got " + describe(node));
        }
        return value;
    }

    private static CodecException invalid(String path, String message) {
        return new CodecException(Kind.INVALID_FIELD, path, message);
    }

    private static String describe(JsonNode node) {
        if (node.isNumber()) {
            String text = node.asText();
            return "number " + (text.length() > 32 ? text.substring(0, 32) + "..." : text);
        }
        return node.isMissingNode() ? "nothing" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static List<String> fieldNames(Schema schema) {
        return schema.getFields().stream().map(Schema.Field::name).toList();
    }

    private static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** Input echoed into a message: at most 64 chars, control characters replaced, so errors stay readable. */
    static String printable(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        StringBuilder b = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) || Character.getType(c) == Character.SURROGATE ? '?' : c));
        return b.toString();
    }
}

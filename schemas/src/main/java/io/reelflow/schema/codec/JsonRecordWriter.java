package io.reelflow.schema.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/** Avro values (specific or generic) to natural JSON, the inverse of {@link JsonRecordReader}. */
final class JsonRecordWriter {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonRecordWriter() {}

    static JsonNode write(Object value, Schema schema, String path) {
        if (value == null) {
            if (schema.getType() != Schema.Type.NULL && !schema.isNullable()) {
                throw new IllegalArgumentException(path + ": null in a non-nullable " + schema.getType());
            }
            return NODES.nullNode();
        }
        switch (schema.getType()) {
            case BOOLEAN:
                return NODES.booleanNode((Boolean) value);
            case INT:
                return NODES.numberNode(((Number) value).intValue());
            case LONG:
                if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
                    Instant instant = value instanceof Instant i ? i : Instant.ofEpochMilli(((Number) value).longValue());
                    return NODES.textNode(instant.toString());
                }
                return NODES.numberNode(((Number) value).longValue());
            case FLOAT:
            case DOUBLE:
                double d = ((Number) value).doubleValue();
                if (!Double.isFinite(d)) {
                    throw new IllegalArgumentException(path + ": " + d + " has no JSON representation");
                }
                return schema.getType() == Schema.Type.FLOAT ? NODES.numberNode((float) d) : NODES.numberNode(d);
            case STRING:
            case ENUM:
                return NODES.textNode(value.toString());
            case BYTES:
                ByteBuffer buffer = ((ByteBuffer) value).duplicate();
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
            case FIXED:
                return NODES.textNode(Base64.getEncoder().encodeToString(((GenericFixed) value).bytes()));
            case ARRAY:
                ArrayNode array = NODES.arrayNode();
                int i = 0;
                for (Object item : (Collection<?>) value) {
                    array.add(write(item, schema.getElementType(), path + "[" + i++ + "]"));
                }
                return array;
            case MAP:
                ObjectNode map = NODES.objectNode();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                    map.set(e.getKey().toString(), write(e.getValue(), schema.getValueType(), path + "." + e.getKey()));
                }
                return map;
            case RECORD:
                ObjectNode object = NODES.objectNode();
                IndexedRecord record = (IndexedRecord) value;
                for (Schema.Field field : schema.getFields()) {
                    String fieldPath = path.isEmpty() ? field.name() : path + "." + field.name();
                    object.set(field.name(), write(record.get(field.pos()), field.schema(), fieldPath));
                }
                return object;
            case UNION:
                return write(value, JsonSchemas.nonNullBranch(schema), path);
            default:
                throw new IllegalArgumentException(path + ": cannot write " + schema.getType() + " as JSON");
        }
    }
}

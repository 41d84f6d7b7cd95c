package io.reelflow.schema.codec;

import java.util.HashSet;
import java.util.Set;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/** The part of Avro that natural JSON can express without ambiguity, checked once per codec. */
final class JsonSchemas {

    private JsonSchemas() {}

    /** The branch of a {@code [null, X]} union that is not null. */
    static Schema nonNullBranch(Schema union) {
        return union.getTypes().get(0).getType() == Schema.Type.NULL ? union.getTypes().get(1) : union.getTypes().get(0);
    }

    /**
     * Rejects what the codec cannot map: unions other than {@code [null, X]} (plain JSON cannot say which branch a
     * value is) and logical types other than timestamp-millis.
     */
    static void requireSupported(Schema schema) {
        requireSupported(schema, new HashSet<>());
    }

    private static void requireSupported(Schema schema, Set<String> seen) {
        if (schema.getLogicalType() != null && !(schema.getLogicalType() instanceof LogicalTypes.TimestampMillis)) {
            throw new IllegalArgumentException("JSON codec: unsupported logical type " + schema.getLogicalType().getName());
        }
        switch (schema.getType()) {
            case RECORD -> {
                if (seen.add(schema.getFullName())) {
                    schema.getFields().forEach(f -> requireSupported(f.schema(), seen));
                }
            }
            case ARRAY -> requireSupported(schema.getElementType(), seen);
            case MAP -> requireSupported(schema.getValueType(), seen);
            case UNION -> {
                boolean nullable = schema.getTypes().size() == 2
                        && schema.getTypes().stream().filter(t -> t.getType() == Schema.Type.NULL).count() == 1;
                if (!nullable) {
                    throw new IllegalArgumentException("JSON codec: only [null, X] unions are supported, got " + schema);
                }
                requireSupported(nonNullBranch(schema), seen);
            }
            default -> { }
        }
    }
}

package io.reelflow.schema.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reelflow.schema.codec.CodecException.Kind;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Natural JSON for one record type, for clients without Avro: field names as in the schema, {@code [null, X]} unions
 * as a plain value or null (or absent, when the field has a default), enums as symbol strings, timestamp-millis as an
 * ISO-8601 string (epoch milliseconds also accepted), bytes as base64, maps as objects. Decoding is strict: unknown
 * fields, missing required fields and wrong types fail with the field's path. Thread-safe.
 */
public final class JsonCodec<T extends SpecificRecord> {

    // Far above anything the schemas need; they bound what hostile input can make the parser do.
    private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(64)
            .maxNumberLength(100)
            .maxNameLength(1024)
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(LIMITS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Class<T> type;
    private final Schema schema;
    private final JsonRecordReader reader;

    private JsonCodec(Class<T> type) {
        SpecificData model = SpecificData.getForClass(type);
        this.type = type;
        this.schema = model.getSchema(type);
        JsonSchemas.requireSupported(schema);
        this.reader = new JsonRecordReader(model);
    }

    public static <T extends SpecificRecord> JsonCodec<T> of(Class<T> type) {
        return new JsonCodec<>(type);
    }

    /** Decodes UTF-8 JSON; invalid UTF-8 is an error rather than being replaced. */
    public T decode(byte[] utf8) throws CodecException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CodecException(Kind.MALFORMED, "", "not valid UTF-8", null, e);
        }
        return decode(text);
    }

    public T decode(String json) throws CodecException {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new CodecException(Kind.MALFORMED, "", "invalid JSON: " + e.getOriginalMessage(), null, e);
        }
        return decode(tree);
    }

    /** Decodes a tree the caller parsed (campaign rows); the caller's parser limits apply. */
    public T decode(JsonNode tree) throws CodecException {
        return type.cast(reader.readTop(tree == null ? MAPPER.missingNode() : tree, schema));
    }

    public ObjectNode toTree(T record) {
        return (ObjectNode) JsonRecordWriter.write(record, schema, "");
    }

    /** Compact JSON that {@link #decode(String)} reads back to an equal record. */
    public String encode(T record) {
        return toTree(record).toString();
    }
}

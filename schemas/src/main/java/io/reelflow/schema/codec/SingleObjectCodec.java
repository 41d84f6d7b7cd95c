package io.reelflow.schema.codec;

import io.reelflow.schema.codec.CodecException.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding of one record type: {@code C3 01}, the writer schema's CRC-64-AVRO fingerprint
 * (little-endian), then the binary body. Decoding resolves any writer schema in the store (by default
 * {@link BundledSchemas}: current and previous versions) to the current reader schema. Use one instance per thread:
 * Avro's datum readers keep unsynchronized caches.
 */
public final class SingleObjectCodec<T extends SpecificRecord> {

    public static final int HEADER_LENGTH = 10;
    private static final byte MAGIC_0 = (byte) 0xC3;
    private static final byte MAGIC_1 = (byte) 0x01;

    private final Class<T> type;
    private final SpecificData model;
    private final Schema schema;
    private final byte[] header;
    private final SchemaStore writers;
    private final Map<Long, DatumReader<T>> readers = new ConcurrentHashMap<>();

    private SingleObjectCodec(Class<T> type, SchemaStore writers) {
        this.type = type;
        this.model = SpecificData.getForClass(type);
        this.schema = model.getSchema(type);
        this.header = header(BundledSchemas.fingerprint(schema));
        this.writers = writers;
    }

    public static <T extends SpecificRecord> SingleObjectCodec<T> of(Class<T> type) {
        return of(type, BundledSchemas.get());
    }

    /** A codec that resolves writer schemas from {@code writers} instead of the bundled ones. */
    public static <T extends SpecificRecord> SingleObjectCodec<T> of(Class<T> type, SchemaStore writers) {
        return new SingleObjectCodec<>(type, writers);
    }

    /** Whether {@code bytes} start with the single-object magic (they may still fail to decode). */
    public static boolean hasMagic(byte[] bytes) {
        return bytes.length >= 2 && bytes[0] == MAGIC_0 && bytes[1] == MAGIC_1;
    }

    /** The header for a writer schema with this fingerprint. */
    public static byte[] header(long fingerprint) {
        byte[] h = new byte[HEADER_LENGTH];
        h[0] = MAGIC_0;
        h[1] = MAGIC_1;
        for (int i = 0; i < 8; i++) {
            h[2 + i] = (byte) (fingerprint >>> (8 * i));
        }
        return h;
    }

    public Schema schema() {
        return schema;
    }

    public byte[] encode(T record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes(header);
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            new SpecificDatumWriter<T>(schema, model).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    public T decode(byte[] bytes) throws CodecException {
        if (bytes.length < HEADER_LENGTH || !hasMagic(bytes)) {
            throw new CodecException(Kind.MALFORMED, "", "not Avro single-object encoding (expected a 10-byte header starting C3 01)");
        }
        long fingerprint = 0;
        for (int i = 7; i >= 0; i--) {
            fingerprint = fingerprint << 8 | (bytes[2 + i] & 0xFF);
        }
        DatumReader<T> reader = reader(fingerprint);
        BoundedBinaryDecoder in = new BoundedBinaryDecoder(bytes, HEADER_LENGTH, bytes.length - HEADER_LENGTH);
        T record;
        try {
            record = reader.read(null, in);
        } catch (IOException | RuntimeException e) {
            // RuntimeException too: Avro reports some corrupt input (enum or union index out of range) that way.
            throw new CodecException(Kind.MALFORMED, "", "truncated or corrupt Avro " + type.getSimpleName() + ": " + e.getMessage(), null, e);
        }
        if (in.remaining() != 0) {
            throw new CodecException(Kind.MALFORMED, "", in.remaining() + " bytes after the end of the " + type.getSimpleName());
        }
        return record;
    }

    private DatumReader<T> reader(long fingerprint) throws CodecException {
        DatumReader<T> cached = readers.get(fingerprint);
        if (cached != null) {
            return cached;
        }
        Schema writer = writers.findByFingerprint(fingerprint);
        String fp = String.format("%016x", fingerprint);
        if (writer == null) {
            // Not cached: hostile payloads could otherwise fill the map with random fingerprints.
            throw new CodecException(Kind.UNKNOWN_SCHEMA, "", "unknown writer schema (fingerprint " + fp + ")");
        }
        if (!writer.getFullName().equals(schema.getFullName()) && !schema.getAliases().contains(writer.getFullName())) {
            throw new CodecException(Kind.UNKNOWN_SCHEMA, "",
                    "payload is a " + writer.getFullName() + ", expected " + schema.getFullName());
        }
        SchemaCompatibility.SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(schema, writer);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new CodecException(Kind.UNKNOWN_SCHEMA, "",
                    "writer schema " + fp + " cannot be read as the current " + type.getSimpleName() + ": "
                            + compatibility.getDescription());
        }
        DatumReader<T> reader = new SpecificDatumReader<>(writer, schema, model);
        readers.put(fingerprint, reader);
        return reader;
    }
}

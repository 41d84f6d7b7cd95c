package io.reelflow.schema.codec;

import org.apache.avro.specific.SpecificRecord;

/**
 * Bytes or JSON that do not decode to the expected record. Checked on purpose: bad input is expected on every topic,
 * so callers must decide what becomes of it (a dead letter, a CLI error) instead of letting it escape.
 */
public final class CodecException extends Exception {

    /** What went wrong, coarse enough to map onto an error code. */
    public enum Kind {
        /** Not the expected encoding at all: bad header, truncated or corrupt bytes, invalid JSON or UTF-8. */
        MALFORMED,
        /** A JSON field the schema does not have. */
        UNKNOWN_FIELD,
        /** A field without a default is absent. */
        MISSING_FIELD,
        /** A field has the wrong type or an impossible value (unknown enum symbol, NaN, out of int range). */
        INVALID_FIELD,
        /** Avro written with a schema that is not known here or cannot be resolved to the reader's. */
        UNKNOWN_SCHEMA
    }

    private final Kind kind;
    private final String path;
    private final String detail;
    private final transient SpecificRecord partial;

    CodecException(Kind kind, String path, String detail, SpecificRecord partial, Throwable cause) {
        super(path.isEmpty() ? detail : path + ": " + detail, cause);
        this.kind = kind;
        this.path = path;
        this.detail = detail;
        this.partial = partial;
    }

    CodecException(Kind kind, String path, String detail) {
        this(kind, path, detail, null, null);
    }

    public Kind kind() {
        return kind;
    }

    /** Dotted path of the offending field, e.g. {@code input_assets[1].role}; empty for the whole payload. */
    public String path() {
        return path;
    }

    /** The message without the path. */
    public String detail() {
        return detail;
    }

    /**
     * The top-level record with every field that did decode (others null), when the payload was a readable JSON
     * object, so a rejection can still name the request it refuses. Not a valid record: only read its fields.
     */
    public <T extends SpecificRecord> T partial(Class<T> type) {
        return type.isInstance(partial) ? type.cast(partial) : null;
    }

    CodecException withPartial(SpecificRecord record) {
        return new CodecException(kind, path, detail, record, getCause());
    }
}

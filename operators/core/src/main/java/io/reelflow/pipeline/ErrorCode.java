package io.reelflow.pipeline;

/** Machine-readable reasons carried by rejected and failed results, events and dead letters. */
public enum ErrorCode {
    /** Not Avro single-object encoding nor JSON, or truncated/corrupt. */
    MALFORMED_PAYLOAD,
    /** Larger than limits.max-payload-bytes. */
    PAYLOAD_TOO_LARGE,
    /** Avro written with a schema this deployment does not know or cannot resolve. */
    UNKNOWN_SCHEMA,
    /** A JSON field the schema does not have. */
    UNKNOWN_FIELD,
    /** A required field is absent. */
    MISSING_FIELD,
    /** A field has the wrong type or an impossible value (bad id, unknown enum symbol, NaN). */
    INVALID_FIELD,
    /** A size, duration, frame rate, step count or guidance outside the configured limits. */
    OUT_OF_RANGE,
    /** The mode (or output format) is not served by the chosen model. */
    UNSUPPORTED_MODE,
    /** The request names a model the deployment does not have. */
    UNKNOWN_MODEL,
    /** The tenant is not configured in this deployment. */
    UNKNOWN_TENANT,
    /** The mode needs an input asset (with a given role) that the request lacks. */
    MISSING_INPUT_ASSET,
    /** An input asset outside the tenant's readable buckets, or not an s3:// URI. */
    FORBIDDEN_INPUT_ASSET,
    /** An input asset's bytes changed between the input moderation gate's check and generation's read. */
    INPUT_CHANGED,
    /** A request with the same tenant and request_id was already accepted. */
    DUPLICATE_REQUEST,
    /** A moderation gate (prompt, input assets or generated output) refused the request. */
    MODERATION_BLOCKED,
    /**
     * A moderation check could not run (a learned classifier's model failed), so the request FAILED rather than pass
     * unchecked; nothing was published.
     */
    MODERATION_FAILED,
    /** A reviewer rejected a request held for review; its quarantined outputs were deleted. */
    REVIEW_REJECTED,
    /** The deadline passed before sampling started. */
    DEADLINE_EXCEEDED,
    /** Sampling failed. */
    GENERATION_FAILED,
    /** The device's worker failed while sampling (a crash, or out of memory even alone); transient, retried. */
    WORKER_FAILED,
    /** A cancel command for the request arrived before it finished. */
    CANCELED,
    /** Sampling did not finish within generation.timeout. */
    GENERATION_TIMEOUT,
    /** Watermark embedding failed. */
    WATERMARK_FAILED,
    /** FFmpeg encoding failed. */
    ENCODE_FAILED,
    /** The provenance manifest could not be built or embedded (a damaged encoded file). */
    PROVENANCE_FAILED,
    /** The object store refused or failed the upload after retries. */
    STORE_FAILED
}

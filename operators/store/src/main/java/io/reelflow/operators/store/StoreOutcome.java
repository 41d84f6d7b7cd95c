package io.reelflow.operators.store;

import io.reelflow.pipeline.Rejection;
import io.reelflow.pipeline.Trace;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ReviewTask;

/**
 * What storing one request's files came to: its result (SUCCEEDED, held for review, or FAILED), the trace with the
 * store timing, and
 * what an adapter needs for events and metrics.
 */
public sealed interface StoreOutcome {

    /** The request's trace, including {@code timings_ms.store}. */
    Trace trace();

    GenerationResult result();

    /** How long the store stage took for this request. */
    long millis();

    /**
     * Every file is stored (and the request's watermark index entry); {@link #result()} is SUCCEEDED with one asset
     * per file. {@code objects} and {@code bytes} count the files, not the index entry.
     */
    record Stored(Trace trace, GenerationResult result, long millis, int objects, long bytes) implements StoreOutcome {}

    /**
     * A request held for review: every file is in the quarantine bucket, and {@link #result()} is the SUCCEEDED result
     * a reviewer's approval will publish (its URIs name the output bucket, where approval moves the files). No watermark
     * index entry is written until then.
     */
    record Held(Trace trace, GenerationResult result, ReviewTask task, long millis, int objects, long bytes)
            implements StoreOutcome {}

    /** Nothing usable is stored (earlier files of the request may be); {@link #result()} is FAILED. */
    record Failed(Trace trace, GenerationResult result, long millis, Rejection why) implements StoreOutcome {}
}

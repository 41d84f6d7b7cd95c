package io.reelflow.operators.encode;

import io.reelflow.pipeline.Encoded;
import io.reelflow.pipeline.Rejection;
import io.reelflow.pipeline.Trace;

/** What {@link ClipEncoder#encode} returns: the encoded files, or why encoding failed. Both carry the stage time. */
public sealed interface EncodeOutcome {

    long millis();

    /** {@code encoded.trace()} already has the encode timing. */
    record Done(Encoded encoded, long millis) implements EncodeOutcome {}

    /** {@code trace} has the encode timing; {@code reason} is ENCODE_FAILED with FFmpeg's message. */
    record Failed(Trace trace, Rejection reason, long millis) implements EncodeOutcome {}
}

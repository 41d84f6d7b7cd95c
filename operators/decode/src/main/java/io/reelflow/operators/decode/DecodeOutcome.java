package io.reelflow.operators.decode;

import io.reelflow.pipeline.Rejection;
import io.reelflow.schema.GenerationRequest;

/** What decoding one payload gave: an accepted request or a rejection. */
public sealed interface DecodeOutcome permits DecodeOutcome.Accepted, DecodeOutcome.Rejected {

    record Accepted(DecodedRequest request) implements DecodeOutcome {}

    /**
     * A refused payload. {@code partial} is null when nothing could be read; otherwise it carries only the fields that
     * identify the request (request_id, tenant_id, campaign_id, labels), and only those that are themselves valid, so
     * outcomes built from it correlate with the client's request without echoing hostile or oversized input.
     */
    record Rejected(GenerationRequest partial, Rejection rejection) implements DecodeOutcome {}
}

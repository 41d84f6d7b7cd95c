package io.reelflow.operators.decode;

import io.reelflow.pipeline.RawRequest;
import io.reelflow.pipeline.Trace;
import java.io.Serializable;

/**
 * A request that decoded and validated, on its way to deduplication: the trace the chain continues with, and the
 * original bytes, so a later duplicate can still be dead-lettered as it arrived.
 */
public record DecodedRequest(Trace trace, RawRequest raw) implements Serializable {

    /** The deduplication key: request ids are unique per tenant. */
    public String dedupKey() {
        return trace.tenantId() + "/" + trace.requestId();
    }
}

package io.reelflow.operators.moderation;

import io.reelflow.pipeline.SourceRef;
import io.reelflow.pipeline.Trace;
import io.reelflow.schema.GenerationMode;
import io.reelflow.schema.GenerationRequest;
import java.time.Instant;

/** Requests and traces for tests: a valid text-to-image request with the given prompts. */
public final class TestRequests {

    private TestRequests() {}

    public static GenerationRequest request(String id, String prompt, String negativePrompt) {
        return GenerationRequest.newBuilder()
                .setRequestId(id)
                .setTenantId("demo")
                .setSubmittedAt(Instant.parse("2026-11-24T12:00:00Z"))
                .setMode(GenerationMode.TEXT_TO_IMAGE)
                .setPrompt(prompt)
                .setNegativePrompt(negativePrompt)
                .setWidth(512)
                .setHeight(512)
                .build();
    }

    public static Trace trace(String id, String prompt) {
        return Trace.accepted(request(id, prompt, null), new SourceRef("reelflow.requests", 0, 7), 1_000L)
                .timed("decode", 3);
    }
}

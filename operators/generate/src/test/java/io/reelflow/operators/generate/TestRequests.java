package io.reelflow.operators.generate;

import ai.djl.Device;
import io.reelflow.model.ModelCatalog;
import io.reelflow.pipeline.SourceRef;
import io.reelflow.pipeline.Trace;
import io.reelflow.schema.GenerationMode;
import io.reelflow.schema.GenerationRequest;
import java.time.Instant;

/** Small requests and the built-in model, shared by the tests (the model loads once per JVM). */
public final class TestRequests {

    public static final String MODEL = "reelflow-dit-xs";

    private TestRequests() {}

    public static GenerationModel referenceModel() {
        return ModelRegistry.shared().find(new ModelCatalog("classpath:models"), MODEL, Device.cpu()).orElseThrow();
    }

    /** An image request with 2 steps. */
    public static GenerationRequest.Builder image(String id, int width, int height) {
        return GenerationRequest.newBuilder()
                .setRequestId(id)
                .setTenantId("demo")
                .setSubmittedAt(Instant.parse("2026-11-24T12:00:00Z"))
                .setMode(GenerationMode.TEXT_TO_IMAGE)
                .setPrompt("a red circle moving left on a blue background")
                .setWidth(width)
                .setHeight(height)
                .setSteps(2);
    }

    /** A video request with 2 steps lasting {@code seconds}. */
    public static GenerationRequest.Builder video(String id, int width, int height, double seconds) {
        return image(id, width, height).setMode(GenerationMode.TEXT_TO_VIDEO).setDurationSeconds(seconds).setFps(24);
    }

    public static Trace trace(GenerationRequest request) {
        return Trace.accepted(request, new SourceRef("reelflow.requests", 0, 7), 0L);
    }
}

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
    public static final String RANDOM_INIT = "reelflow-dit-xs-random-init";

    private TestRequests() {}

    public static GenerationModel referenceModel() {
        return ModelRegistry.shared().find(new ModelCatalog("classpath:models"), MODEL, Device.cpu()).orElseThrow();
    }

    /**
     * The reference architecture with random weights whose gates start non-zero (init-zero-out false), whatever
     * weights the built-in model ships: for tests of the network's wiring, whose outputs must depend on their inputs.
     */
    public static GenerationModel randomInitModel() {
        return randomInitModel(null);
    }

    /** As {@link #randomInitModel()}, self-conditioned or not whatever the built-in model is (null: as it is). */
    public static synchronized GenerationModel randomInitModel(Boolean selfConditioning) {
        String id = selfConditioning == null ? RANDOM_INIT : RANDOM_INIT + (selfConditioning ? "-sc" : "-no-sc");
        try {
            java.nio.file.Path repository = java.nio.file.Files.createTempDirectory("reelflow-random-init");
            java.nio.file.Path folder = java.nio.file.Files.createDirectories(repository.resolve(id));
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            com.fasterxml.jackson.databind.node.ObjectNode manifest;
            try (java.io.InputStream in = new ModelCatalog("classpath:models").open(MODEL, "model.json").orElseThrow()) {
                manifest = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(in);
            }
            manifest.put("id", id).put("trained", false).putNull("weights");
            com.fasterxml.jackson.databind.node.ObjectNode architecture =
                    (com.fasterxml.jackson.databind.node.ObjectNode) manifest.get("architecture");
            architecture.put("init-zero-out", false);
            if (selfConditioning != null) {
                architecture.put("self-conditioning", selfConditioning);
            }
            json.writeValue(folder.resolve("model.json").toFile(), manifest);
            return ModelRegistry.shared().find(new ModelCatalog(repository.toString()), id, Device.cpu())
                    .orElseThrow();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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

    /** The largest difference between two images' bytes, as levels of 255. */
    public static int maxDifference(byte[] a, byte[] b) {
        if (a.length != b.length) {
            throw new AssertionError("sizes differ: " + a.length + " and " + b.length);
        }
        int max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((a[i] & 0xff) - (b[i] & 0xff)));
        }
        return max;
    }
}

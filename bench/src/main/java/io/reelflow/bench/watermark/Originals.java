package io.reelflow.bench.watermark;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.encode.ClipEncoder;
import io.reelflow.operators.encode.EncodeOutcome;
import io.reelflow.operators.generate.GenerateOutcome;
import io.reelflow.operators.generate.GenerationEngine;
import io.reelflow.operators.generate.world.Captions;
import io.reelflow.operators.generate.world.Scene;
import io.reelflow.operators.watermark.ClipWatermarker;
import io.reelflow.pipeline.Clip;
import io.reelflow.pipeline.SourceRef;
import io.reelflow.pipeline.Trace;
import io.reelflow.schema.GenerationMode;
import io.reelflow.schema.GenerationRequest;
import java.time.Instant;
import java.util.List;

/**
 * Makes an item's file as Reelflow would store it: the watermark stage's engine marks the clip (at native size for
 * generated content, which the encoder then scales up; at full size for synthetic content), and the encode stage's
 * engine writes it at the project's defaults (H.264 with libopenh264 at {@code encode.bits-per-pixel}, or PNG).
 * Unmarked items (for false positives) skip the watermark stage.
 */
final class Originals implements AutoCloseable {

    /** A stored file, the id marked into it (null if unmarked) and the strength the content needed. */
    record Stored(byte[] bytes, String watermarkId, double strength, double psnrDb) {}

    private static final String TENANT = "bench";

    private final ReelflowConfig config;
    private final ClipWatermarker watermarker;
    private final ClipEncoder encoder;
    private GenerationEngine engine;

    Originals(ReelflowConfig config) {
        this.config = config;
        this.watermarker = new ClipWatermarker(config.watermark(), config.tenants());
        this.encoder = ClipEncoder.builder().config(config).build();
    }

    Stored marked(Item item) throws Exception {
        ClipWatermarker.Marked marked = watermarker.mark(clip(item));
        return new Stored(encode(marked.clip()), marked.clip().trace().watermarkId(), marked.strength(),
                marked.psnrDb());
    }

    Stored unmarked(Item item) throws Exception {
        return new Stored(encode(clip(item)), null, 0, Double.POSITIVE_INFINITY);
    }

    private Clip clip(Item item) throws Exception {
        GenerationRequest.Builder request = GenerationRequest.newBuilder()
                .setRequestId(item.name())
                .setTenantId(TENANT)
                .setSubmittedAt(Instant.parse("2026-11-25T00:00:00Z"))
                .setWidth(item.width())
                .setHeight(item.height())
                .setSeed(item.seed());
        if (item.video()) {
            request.setMode(GenerationMode.TEXT_TO_VIDEO).setFps(Item.FPS).setFrames(item.frames());
        } else {
            request.setMode(GenerationMode.TEXT_TO_IMAGE);
        }
        if (item.content() == Item.Content.GENERATED) {
            return generate(request.setPrompt(prompt(item)).build());
        }
        request.setPrompt("synthetic " + item.content().label());
        Trace trace = Trace.accepted(request.build(), new SourceRef("bench", 0, 0), 0L);
        return new Clip(trace, TexturedClips.clip(item.content().style, item.width(), item.height(), item.frames(),
                item.seed()), item.video() ? Item.FPS : 0, null);
    }

    /** A caption of the model's world, picked by the seed. */
    private static String prompt(Item item) {
        List<Scene> scenes = Scene.all();
        Scene scene = scenes.get((int) Math.floorMod(item.seed(), (long) scenes.size()));
        return Captions.canonical(scene, !item.video(), Captions.Language.ENGLISH);
    }

    private Clip generate(GenerationRequest request) throws Exception {
        if (engine == null) {
            engine = GenerationEngine.builder().config(config).build();
        }
        Trace trace = Trace.accepted(request, new SourceRef("bench", 0, 0), System.currentTimeMillis());
        GenerateOutcome outcome = engine.submit(trace).get();
        if (!(outcome instanceof GenerateOutcome.Generated generated)) {
            throw new IllegalStateException("generation did not succeed: " + outcome);
        }
        return generated.clip();
    }

    private byte[] encode(Clip clip) {
        EncodeOutcome outcome = encoder.encode(clip);
        if (!(outcome instanceof EncodeOutcome.Done done)) {
            throw new IllegalStateException("encoding did not succeed: " + outcome);
        }
        return done.encoded().files().get(0).bytes();
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
        }
    }
}

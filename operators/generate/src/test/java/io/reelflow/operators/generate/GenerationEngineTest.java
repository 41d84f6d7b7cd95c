package io.reelflow.operators.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import ai.djl.ndarray.NDArray;
import io.reelflow.config.ConfigLoader;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.model.ModelManifest;
import io.reelflow.operators.generate.GenerateOutcome.Ended;
import io.reelflow.operators.generate.GenerateOutcome.Generated;
import io.reelflow.pipeline.Clip;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.Stages;
import io.reelflow.schema.GenerationMode;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.ModelInfo;
import io.reelflow.schema.ResultStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GenerationEngineTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:05Z");
    private static final ReelflowConfig CONFIG = ReelflowConfig.defaults();
    private static GenerationEngine engine;

    @BeforeAll
    static void start() {
        engine = GenerationEngine.builder().config(CONFIG).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void anImageIsOneNativeFrameWithSeedModelAndTimings() throws Exception {
        Clip clip = generated(engine, TestRequests.image("img-1", 1024, 1024).setSeed(42L).setSteps(16).build());

        assertThat(clip.frames().width()).isEqualTo(32);
        assertThat(clip.frames().height()).isEqualTo(32);
        assertThat(clip.frames().count()).isEqualTo(1);
        assertThat(clip.fps()).isZero();
        assertThat(clip.overlay()).isNull();
        assertThat(clip.trace().seed()).isEqualTo(42L);
        assertThat(clip.trace().model().getId()).isEqualTo(TestRequests.MODEL);
        ModelManifest manifest = TestRequests.referenceModel().manifest();
        assertThat(clip.trace().model().getTrained()).isEqualTo(manifest.trained());
        if (manifest.weights() == null) {
            assertThat(clip.trace().model().getWeightsSha256()).isNull();
        } else {
            assertThat(clip.trace().model().getWeightsSha256()).matches("[0-9a-f]{64}");
        }
        assertThat(clip.trace().timingsMs()).containsKeys(Stages.QUEUE, Stages.SAMPLE);
    }

    @Test
    void requestsSampledTogetherShareTheDeviceTimeOfTheirSteps() throws Exception {
        List<java.util.concurrent.CompletableFuture<GenerateOutcome>> submitted = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            submitted.add(engine.submit(TestRequests.trace(
                    TestRequests.image("shared-" + i, 256, 256).setSeed((long) i).setSteps(16).build())));
        }
        List<Map<String, Long>> timings = new java.util.ArrayList<>();
        for (var outcome : submitted) {
            timings.add(((Generated) outcome.get()).clip().trace().timingsMs());
        }

        assertThat(timings).allSatisfy(t -> assertThat(t.get(Stages.DEVICE)).isPositive()
                .isLessThanOrEqualTo(t.get(Stages.SAMPLE)));
        // Batched, each request's share is a fraction of its wall time; the shares add up to the batch's time, not
        // to four times it.
        long shares = timings.stream().mapToLong(t -> t.get(Stages.DEVICE)).sum();
        long longest = timings.stream().mapToLong(t -> t.get(Stages.SAMPLE)).max().orElseThrow();
        assertThat(shares).isLessThanOrEqualTo(longest + 4);
    }

    @Test
    void videosKeepTheRequestedOrientationAtNativeFps() throws Exception {
        Clip landscape = generated(engine, TestRequests.video("wide", 1920, 1080, 0.5).build());
        Clip portrait = generated(engine, TestRequests.video("tall", 1080, 1920, 0.375).setSteps(1).build());

        assertThat(landscape.frames()).extracting(f -> f.width(), f -> f.height(), f -> f.count())
                .containsExactly(36, 20, 4);
        assertThat(landscape.fps()).isEqualTo(8.0);
        // 3 frames: not a multiple of the temporal patch, padded inside the model and trimmed again
        assertThat(portrait.frames()).extracting(f -> f.width(), f -> f.height(), f -> f.count())
                .containsExactly(20, 36, 3);
    }

    @Test
    void theSameSeedReproducesTheBytesAndAnotherSeedDoesNot() throws Exception {
        GenerationRequest request = TestRequests.image("same", 640, 480).setSeed(7L).build();

        byte[] first = generated(engine, request).frames().rgb();
        byte[] again = generated(engine, request).frames().rgb();
        byte[] otherSeed = generated(engine, TestRequests.image("same", 640, 480).setSeed(8L).build()).frames().rgb();

        assertThat(again).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @Test
    void withoutASeedTheSeedComesFromTenantAndRequestId() throws Exception {
        Clip replay = generated(engine, TestRequests.image("replayed", 256, 256).build());
        Clip replayAgain = generated(engine, TestRequests.image("replayed", 256, 256).build());

        assertThat(replay.trace().seed()).isEqualTo(Seeds.derived("demo", "replayed"));
        assertThat(replayAgain.frames().rgb()).isEqualTo(replay.frames().rgb());
    }

    @Test
    void theNegativePromptReplacesTheUnconditionalText() throws Exception {
        GenerationRequest.Builder request = TestRequests.image("neg", 256, 256).setSeed(3L);
        GenerationModel random = TestRequests.randomInitModel();
        byte[] plain;
        byte[] negative;
        try (GenerationEngine engine = engineWith(new DelegatingModel(random, random.denoiser(), null))) {
            plain = generated(engine, request.build()).frames().rgb();
            negative = generated(engine, request.setNegativePrompt("green squares").build()).frames().rgb();
        }

        assertThat(negative).isNotEqualTo(plain);
    }

    @Test
    void aPassedDeadlineExpiresWithoutSampling() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        GenerationModel reference = TestRequests.referenceModel();
        try (GenerationEngine counting = engineWith(new DelegatingModel(reference, counting(reference, calls), null))) {
            GenerateOutcome late = counting.submit(TestRequests.trace(
                    TestRequests.image("late", 256, 256).setDeadline(NOW.minusMillis(1)).build())).get();
            GenerateOutcome inTime = counting.submit(TestRequests.trace(
                    TestRequests.image("in-time", 256, 256).setDeadline(NOW.plusSeconds(60)).build())).get();

            assertThat(late).isInstanceOfSatisfying(Ended.class, ended -> {
                assertThat(ended.status()).isEqualTo(ResultStatus.EXPIRED);
                assertThat(ended.reason().code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
                assertThat(ended.trace().timingsMs()).containsKey(Stages.QUEUE).doesNotContainKey(Stages.SAMPLE);
            });
            assertThat(inTime).isInstanceOf(Generated.class);
            assertThat(calls).as("only the in-time request sampled, 2 steps").hasValue(2);
        }
    }

    @Test
    void anErrorWhileSamplingEndsFailedWithItsMessage() throws Exception {
        GenerationModel reference = TestRequests.referenceModel();
        Denoiser broken = new Denoiser() {
            @Override
            public Prediction prediction() {
                return Prediction.FLOW;
            }

            @Override
            public NDArray predict(NDArray latents, NDArray timesteps, TextConditioning text) {
                throw new IllegalStateException("device lost");
            }
        };
        try (GenerationEngine failing = engineWith(new DelegatingModel(reference, broken, null))) {
            GenerateOutcome first = failing.submit(TestRequests.trace(TestRequests.image("boom", 256, 256).build())).get();
            GenerateOutcome second = failing.submit(TestRequests.trace(TestRequests.image("boom2", 256, 256).build())).get();

            assertThat(first).isInstanceOfSatisfying(Ended.class, ended -> {
                assertThat(ended.status()).isEqualTo(ResultStatus.FAILED);
                assertThat(ended.reason().code()).isEqualTo(ErrorCode.GENERATION_FAILED);
                assertThat(ended.reason().message()).contains("device lost");
            });
            assertThat(second).as("the worker survives").isInstanceOf(Ended.class);
        }
    }

    @Test
    void unknownModelsAndUnservedModesAreRejected() throws Exception {
        GenerateOutcome unknown = engine.submit(TestRequests.trace(
                TestRequests.image("unknown", 256, 256).setModel("no-such-model").build())).get();
        GenerateOutcome unserved;
        try (GenerationEngine textOnly = engineWith(new DelegatingModel(TestRequests.referenceModel(),
                TestRequests.referenceModel().denoiser(), List.of(GenerationMode.TEXT_TO_IMAGE)))) {
            unserved = textOnly.submit(TestRequests.trace(TestRequests.video("v", 256, 256, 1).build())).get();
        }
        GenerateOutcome badSampler = engine.submit(TestRequests.trace(
                TestRequests.image("ddim", 256, 256).setSampler("ddim").build())).get();

        assertThat(((Ended) unknown).reason().code()).isEqualTo(ErrorCode.UNKNOWN_MODEL);
        assertThat(((Ended) unserved).reason().code()).isEqualTo(ErrorCode.UNSUPPORTED_MODE);
        assertThat(((Ended) badSampler).reason().code()).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(((Ended) unknown).status()).isEqualTo(ResultStatus.REJECTED);
    }

    @Test
    void theBuilderValidatesTheConfiguration() {
        ReelflowConfig noBatch = ConfigLoader.builder().set("generation.serving.max-batch", "0").build();
        ReelflowConfig negativeDelay = ConfigLoader.builder().set("generation.serving.max-queue-delay", "-PT1S")
                .build();
        ReelflowConfig noInputs = ConfigLoader.builder().set("generation.serving.decoded-inputs", "0").build();

        assertThatIllegalArgumentException()
                .isThrownBy(() -> GenerationEngine.builder().config(noBatch).build())
                .withMessageContaining("max-batch");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> GenerationEngine.builder().config(negativeDelay).build())
                .withMessageContaining("max-queue-delay");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> GenerationEngine.builder().config(noInputs).build())
                .withMessageContaining("decoded-inputs");
    }

    static Clip generated(GenerationEngine engine, GenerationRequest request) throws Exception {
        GenerateOutcome outcome = engine.submit(TestRequests.trace(request)).get();
        assertThat(outcome).isInstanceOf(Generated.class);
        return ((Generated) outcome).clip();
    }

    private static GenerationEngine engineWith(GenerationModel model) {
        return GenerationEngine.builder()
                .config(CONFIG)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .models(id -> id.equals(TestRequests.MODEL) ? Optional.of(model) : Optional.empty())
                .build();
    }

    private static Denoiser counting(GenerationModel reference, AtomicInteger calls) {
        return new Denoiser() {
            @Override
            public Prediction prediction() {
                return reference.denoiser().prediction();
            }

            @Override
            public NDArray predict(NDArray latents, NDArray timesteps, TextConditioning text) {
                calls.incrementAndGet();
                return reference.denoiser().predict(latents, timesteps, text);
            }
        };
    }

    /** The reference model with another denoiser and, unless null, other modes. */
    record DelegatingModel(GenerationModel base, Denoiser denoiser, List<GenerationMode> modes)
            implements GenerationModel {
        @Override
        public ModelManifest manifest() {
            ModelManifest m = base.manifest();
            return modes == null ? m : new ModelManifest(m.id(), m.version(), m.description(), m.trained(), modes,
                    m.prediction(), m.latent(), m.nativeFps(), m.maxNativeFrames(), m.samplers(), m.defaults(),
                    m.weights(), m.architecture(), m.training());
        }

        @Override
        public TextEncoder textEncoder() {
            return base.textEncoder();
        }

        @Override
        public LatentCodec latentCodec() {
            return base.latentCodec();
        }

        @Override
        public ModelInfo info() {
            return base.info();
        }

        @Override
        public NativeFormat imageFormat(int width, int height) {
            return base.imageFormat(width, height);
        }

        @Override
        public NativeFormat videoFormat(int width, int height, double seconds) {
            return base.videoFormat(width, height, seconds);
        }
    }
}

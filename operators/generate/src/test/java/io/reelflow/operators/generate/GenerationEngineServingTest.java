package io.reelflow.operators.generate;

import io.reelflow.pipeline.AssetReader;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.reelflow.config.ConfigLoader;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.generate.GenerateOutcome.Ended;
import io.reelflow.operators.generate.GenerateOutcome.Generated;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.Frames;
import io.reelflow.schema.AssetRole;
import io.reelflow.schema.GenerationMode;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.InputAsset;
import io.reelflow.schema.Priority;
import io.reelflow.schema.ResultStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The engine as a server: batching, order, deadlines, cancellation, progress and failures, on the real model. */
class GenerationEngineServingTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:05Z");
    private static final long WAIT_SECONDS = 60;

    @Test
    void compatibleRequestsShareForwardPassesAndIncompatibleOnesNeverDo() throws Exception {
        Probe probe = new Probe();
        try (GenerationEngine engine = engine(probe, "4", "500ms")) {
            List<CompletableFuture<GenerateOutcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                outcomes.add(engine.submit(TestRequests.trace(image("img-" + i).setSteps(3).build())));
            }
            outcomes.add(engine.submit(TestRequests.trace(TestRequests.video("vid", 1920, 1080, 0.5).setSteps(3)
                    .build())));
            for (CompletableFuture<GenerateOutcome> outcome : outcomes) {
                assertThat(outcome.get(WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(Generated.class);
            }
            assertThat(probe.calls()).containsExactlyInAnyOrder(
                    "3x1x32x32", "3x1x32x32", "3x1x32x32", "1x4x20x36", "1x4x20x36", "1x4x20x36");
            assertThat(engine.stats().executionsOfSize(3)).isEqualTo(3);
            assertThat(engine.stats().inferences()).isEqualTo(12);
        }
    }

    @Test
    void aFullBatchStartsWithoutWaitingForTheQueueDelay() throws Exception {
        Probe probe = new Probe();
        try (GenerationEngine engine = engine(probe, "2", "1h")) {
            CompletableFuture<GenerateOutcome> a = engine.submit(TestRequests.trace(image("a").build()));
            CompletableFuture<GenerateOutcome> b = engine.submit(TestRequests.trace(image("b").build()));

            assertThat(a.get(WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(Generated.class);
            assertThat(b.get(WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(Generated.class);
            assertThat(probe.calls()).containsOnly("2x1x32x32");
        }
    }

    @Test
    void aBatchedRequestGetsTheSameImageAsAlone() throws Exception {
        GenerationRequest request = image("same").setSeed(11L).setSteps(4).setPrompt("a blue square").build();
        byte[] alone;
        try (GenerationEngine engine = engine(new Probe(), "1", "0ms")) {
            alone = clip(engine.submit(TestRequests.trace(request)));
        }
        try (GenerationEngine engine = engine(new Probe(), "4", "500ms")) {
            engine.submit(TestRequests.trace(image("other-1").setSeed(1L).setSteps(6).build()));
            CompletableFuture<GenerateOutcome> batched = engine.submit(TestRequests.trace(request));
            engine.submit(TestRequests.trace(image("other-2").setSeed(2L).setSteps(2).setPrompt("x").build()));
            assertThat(TestRequests.maxDifference(clip(batched), alone)).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void highPriorityGoesFirstAndCanceledOrExpiredQueuedRequestsAreNeverSampled() throws Exception {
        Probe probe = new Probe();
        probe.gate = new CountDownLatch(1);
        MutableClock clock = new MutableClock(NOW);
        try (GenerationEngine engine = engine(probe, "1", "0ms", clock)) {
            CompletableFuture<GenerateOutcome> blocker = engine.submit(TestRequests.trace(image("blocker").build()));
            probe.entered.await(WAIT_SECONDS, TimeUnit.SECONDS);
            List<String> finished = Collections.synchronizedList(new ArrayList<>());
            CompletableFuture<GenerateOutcome> low = track(engine.submit(TestRequests.trace(
                    image("low").setPriority(Priority.LOW).build())), "low", finished);
            CompletableFuture<GenerateOutcome> canceled = engine.submit(TestRequests.trace(image("canceled").build()));
            CompletableFuture<GenerateOutcome> late = engine.submit(TestRequests.trace(
                    image("late").setDeadline(NOW.plusSeconds(10)).build()));
            CompletableFuture<GenerateOutcome> high = track(engine.submit(TestRequests.trace(
                    image("high").setPriority(Priority.HIGH).build())), "high", finished);
            awaitQueued(engine, 4);

            assertThat(engine.cancel("demo", "canceled")).isTrue();
            assertThat(canceled.get(WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOfSatisfying(Ended.class, e -> {
                assertThat(e.status()).isEqualTo(ResultStatus.CANCELED);
                assertThat(e.reason().code()).isEqualTo(ErrorCode.CANCELED);
            });
            clock.now = NOW.plusSeconds(11);
            probe.gate.countDown();

            assertThat(blocker.get(WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(Generated.class);
            assertThat(high.get(WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(Generated.class);
            assertThat(low.get(WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(Generated.class);
            assertThat(late.get(WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOfSatisfying(Ended.class,
                    e -> assertThat(e.status()).isEqualTo(ResultStatus.EXPIRED));
            assertThat(finished).containsExactly("high", "low");
            assertThat(probe.calls()).as("blocker, high and low, 2 steps each").hasSize(6);
            assertThat(engine.stats().canceled()).isEqualTo(1);
            assertThat(engine.stats().expired()).isEqualTo(1);
        }
    }

    @Test
    void requestsWithInputsAreReadOnlyWithinDecodedInputsAndHighPriorityOvertakesTheUnreadOnes()
            throws Exception {
        Probe probe = new Probe();
        probe.gate = new CountDownLatch(1);
        ReelflowConfig config = ConfigLoader.builder()
                .set("generation.serving.max-batch", "1")
                .set("generation.serving.max-queue-delay", "0ms")
                .set("generation.serving.decoded-inputs", "1")
                .build();
        AtomicInteger reads = new AtomicInteger();
        AssetReader firstFrames = uri -> {
            reads.incrementAndGet();
            return new AssetReader.Asset(new Frames(36, 20, 1, new byte[36 * 20 * 3]), 0);
        };
        GenerationModel model = new GenerationEngineTest.DelegatingModel(TestRequests.referenceModel(), probe, null);
        try (GenerationEngine engine = GenerationEngine.builder().config(config).assets(firstFrames)
                .models(id -> id.equals(TestRequests.MODEL) ? Optional.of(model) : Optional.empty()).build()) {
            List<String> finished = Collections.synchronizedList(new ArrayList<>());
            List<CompletableFuture<GenerateOutcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                outcomes.add(track(engine.submit(TestRequests.trace(fromImage("low-" + i, Priority.LOW))), "low",
                        finished));
            }
            probe.entered.await(WAIT_SECONDS, TimeUnit.SECONDS); // low-0 samples, the rest wait unread
            awaitQueued(engine, 7); // the planners wait for the permit before taking one
            outcomes.add(track(engine.submit(TestRequests.trace(fromImage("high", Priority.HIGH))), "high",
                    finished));
            awaitQueued(engine, 8);
            assertThat(reads).as("only the request holding the permit was read").hasValue(1);
            probe.gate.countDown();

            for (CompletableFuture<GenerateOutcome> outcome : outcomes) {
                assertThat(outcome.get(WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(Generated.class);
            }
            // when low-0 ends and frees the permit, high is the head of the unread ones
            assertThat(finished.indexOf("high")).isEqualTo(1);
            assertThat(reads).hasValue(9);
        }
    }

    @Test
    void anErrorWhileReadingInputsEndsOnlyThatRequest() throws Exception {
        AssetReader breaking = uri -> {
            if (uri.contains("broken")) {
                throw new OutOfMemoryError("decoding " + uri);
            }
            return new AssetReader.Asset(new Frames(36, 20, 1, new byte[36 * 20 * 3]), 0);
        };
        GenerationModel model = new GenerationEngineTest.DelegatingModel(TestRequests.referenceModel(), new Probe(),
                null);
        try (GenerationEngine engine = GenerationEngine.builder().config(ReelflowConfig.defaults()).assets(breaking)
                .models(id -> id.equals(TestRequests.MODEL) ? Optional.of(model) : Optional.empty()).build()) {
            for (int i = 0; i < 3; i++) { // more than the planners that read inputs
                assertThat(engine.submit(TestRequests.trace(fromImage("broken-" + i, Priority.NORMAL)))
                        .get(WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOfSatisfying(Ended.class,
                                e -> assertThat(e.status()).isEqualTo(ResultStatus.FAILED));
            }
            assertThat(engine.submit(TestRequests.trace(fromImage("fine", Priority.NORMAL)))
                    .get(WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(Generated.class);
        }
    }

    @Test
    void aRunningRequestStopsAtTheNextStepWhenCanceledAndProgressIsReported() throws Exception {
        Probe probe = new Probe();
        List<String> progress = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch reported = new CountDownLatch(1);
        ProgressListener listener = (trace, done, total) -> {
            progress.add(trace.requestId() + " " + done + "/" + total);
            reported.countDown();
        };
        try (GenerationEngine engine = engine(probe, "1", "0ms", Clock.fixed(NOW, ZoneOffset.UTC), listener, "2")) {
            CompletableFuture<GenerateOutcome> full = engine.submit(TestRequests.trace(image("full").setSteps(5)
                    .build()));
            assertThat(full.get(WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(Generated.class);
            assertThat(progress).containsExactly("full 2/5", "full 4/5", "full 5/5");

            probe.delayMillis = 200;
            CompletableFuture<GenerateOutcome> stopped = engine.submit(TestRequests.trace(image("stopped")
                    .setSteps(40).build()));
            reported.await(WAIT_SECONDS, TimeUnit.SECONDS);
            while (progress.stream().noneMatch(p -> p.startsWith("stopped"))) {
                Thread.sleep(10);
            }
            engine.cancel("demo", "stopped");

            assertThat(stopped.get(WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOfSatisfying(Ended.class,
                    e -> assertThat(e.status()).isEqualTo(ResultStatus.CANCELED));
            assertThat(probe.calls().size() - 5).as("steps taken of 40").isBetween(2, 5);
        }
    }

    @Test
    void outOfMemoryRetriesInSmallerBatchesAndACrashedWorkerRestarts() throws Exception {
        Probe probe = new Probe();
        probe.failWhen = latents -> latents.getShape().get(0) > 4 // more than 2 requests (guidance doubles)
                ? new EngineException("CUDA out of memory. Tried to allocate 2.00 GiB") : null;
        try (GenerationEngine engine = engine(probe, "4", "500ms")) {
            List<CompletableFuture<GenerateOutcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                outcomes.add(engine.submit(TestRequests.trace(image("oom-" + i).build())));
            }
            for (CompletableFuture<GenerateOutcome> outcome : outcomes) {
                assertThat(outcome.get(WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(Generated.class);
            }
            assertThat(engine.stats().retriedSmaller()).isEqualTo(1);
            assertThat(engine.stats().executionsOfSize(2)).isEqualTo(4);

            probe.failWhen = latents -> new OutOfMemoryError("Java heap space");
            GenerateOutcome crashed = engine.submit(TestRequests.trace(image("crash").build()))
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(crashed).isInstanceOfSatisfying(Ended.class, e -> {
                assertThat(e.status()).isEqualTo(ResultStatus.FAILED);
                assertThat(e.reason().code()).isEqualTo(ErrorCode.WORKER_FAILED);
            });
            probe.failWhen = latents -> null;
            assertThat(engine.submit(TestRequests.trace(image("after").build())).get(WAIT_SECONDS, TimeUnit.SECONDS))
                    .as("the restarted worker serves").isInstanceOf(Generated.class);
        }
    }

    @Test
    void twoWorkersServeOneQueue() throws Exception {
        Probe probe = new Probe();
        GenerationModel model = new GenerationEngineTest.DelegatingModel(TestRequests.referenceModel(), probe, null);
        try (GenerationEngine engine = GenerationEngine.builder()
                .config(ConfigLoader.builder().set("generation.serving.max-batch", "2").build())
                .devices(List.of(ai.djl.Device.cpu(), ai.djl.Device.cpu()))
                .models(id -> id.equals(TestRequests.MODEL) ? Optional.of(model) : Optional.empty())
                .build()) {
            List<CompletableFuture<GenerateOutcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                outcomes.add(engine.submit(TestRequests.trace(image("two-" + i).setSteps(3).build())));
            }
            for (CompletableFuture<GenerateOutcome> outcome : outcomes) {
                assertThat(outcome.get(WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(Generated.class);
            }
            assertThat(engine.devices()).isEqualTo(2);
            assertThat(engine.stats().inferences()).isEqualTo(18);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (engine.pending() > 0 && System.nanoTime() < until) {
                Thread.sleep(5); // requests are forgotten just after their futures complete
            }
            assertThat(engine.pending()).isZero();
        }
    }

    /** The reference denoiser, recording each forward pass as "requests x frames x height x width". */
    static final class Probe implements Denoiser {
        private final Denoiser reference = TestRequests.referenceModel().denoiser();
        private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch entered = new CountDownLatch(1);
        volatile CountDownLatch gate;
        volatile long delayMillis;
        volatile java.util.function.Function<NDArray, Throwable> failWhen = latents -> null;

        @Override
        public Prediction prediction() {
            return reference.prediction();
        }

        @Override
        public NDArray predict(NDArray latents, NDArray timesteps, TextConditioning text) {
            return probe(latents, () -> reference.predict(latents, timesteps, text));
        }

        @Override
        public boolean takesKnownFrames() {
            return reference.takesKnownFrames();
        }

        @Override
        public Denoiser withKnownFrames(NDArray known) {
            Denoiser given = reference.withKnownFrames(known);
            return new Denoiser() {
                @Override
                public Prediction prediction() {
                    return given.prediction();
                }

                @Override
                public NDArray predict(NDArray latents, NDArray timesteps, TextConditioning text) {
                    return probe(latents, () -> given.predict(latents, timesteps, text));
                }
            };
        }

        private NDArray probe(NDArray latents, java.util.function.Supplier<NDArray> prediction) {
            entered.countDown();
            try {
                if (gate != null) {
                    gate.await(WAIT_SECONDS, TimeUnit.SECONDS);
                }
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Throwable failure = failWhen.apply(latents);
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            } else if (failure instanceof Error error) {
                throw error;
            }
            Shape s = latents.getShape();
            calls.add(s.get(0) / 2 + "x" + s.get(1) + "x" + s.get(2) + "x" + s.get(3));
            return prediction.get();
        }

        List<String> calls() {
            return List.copyOf(calls);
        }
    }

    static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static GenerationEngine engine(Probe probe, String maxBatch, String delay) {
        return engine(probe, maxBatch, delay, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static GenerationEngine engine(Probe probe, String maxBatch, String delay, Clock clock) {
        return engine(probe, maxBatch, delay, clock, ProgressListener.NONE, "0");
    }

    private static GenerationEngine engine(Probe probe, String maxBatch, String delay, Clock clock,
            ProgressListener progress, String progressEvery) {
        ReelflowConfig config = ConfigLoader.builder()
                .set("generation.serving.max-batch", maxBatch)
                .set("generation.serving.max-queue-delay", delay)
                .set("generation.serving.progress-every-steps", progressEvery)
                .build();
        return engine(probe, config, clock, progress);
    }

    private static GenerationEngine engine(Probe probe, ReelflowConfig config, Clock clock,
            ProgressListener progress) {
        GenerationModel model = new GenerationEngineTest.DelegatingModel(TestRequests.referenceModel(), probe, null);
        return GenerationEngine.builder()
                .config(config)
                .clock(clock)
                .progress(progress)
                .models(id -> id.equals(TestRequests.MODEL) ? Optional.of(model) : Optional.empty())
                .build();
    }

    private static GenerationRequest fromImage(String id, Priority priority) {
        return TestRequests.video(id, 1280, 720, 0.5).setMode(GenerationMode.IMAGE_TO_VIDEO).setSteps(2)
                .setPriority(priority).setInputAssets(List.of(InputAsset.newBuilder().setUri("s3://in/" + id + ".png")
                        .setRole(AssetRole.FIRST_FRAME).build())).build();
    }

    private static GenerationRequest.Builder image(String id) {
        return TestRequests.image(id, 256, 256);
    }

    private static CompletableFuture<GenerateOutcome> track(CompletableFuture<GenerateOutcome> outcome, String name,
            List<String> finished) {
        return outcome.whenComplete((done, error) -> finished.add(name));
    }

    /**
     * Waits for {@code count} queued requests, read twice 20 ms apart: queued() sums three collections without a
     * lock, so a request moving between them right after submit can be counted twice or not at all for a moment.
     */
    private static void awaitQueued(GenerationEngine engine, int count) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < until) {
            if (engine.queued() == count) {
                Thread.sleep(20);
                if (engine.queued() == count) {
                    return;
                }
            }
            Thread.sleep(5);
        }
        assertThat(engine.queued()).isEqualTo(count);
    }

    private static byte[] clip(CompletableFuture<GenerateOutcome> outcome) throws Exception {
        GenerateOutcome done = outcome.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(done).isInstanceOf(Generated.class);
        return ((Generated) done).clip().frames().rgb();
    }
}

package io.reelflow.operators.generate;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.model.ModelCatalog;
import io.reelflow.operators.generate.GenerateOutcome.Ended;
import io.reelflow.operators.generate.GenerateOutcome.Generated;
import io.reelflow.operators.generate.internal.ClipSampler;
import io.reelflow.operators.generate.internal.Devices;
import io.reelflow.operators.generate.internal.SpacetimeDitArchitecture;
import io.reelflow.operators.generate.internal.RequestTimeline;
import io.reelflow.operators.generate.internal.Timeline;
import io.reelflow.pipeline.Clip;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.Frames;
import io.reelflow.pipeline.Rejection;
import io.reelflow.pipeline.Stages;
import io.reelflow.pipeline.Trace;
import io.reelflow.schema.GenerationMode;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.ResultStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates clips for traces on a fixed set of worker threads (generation.worker-threads), each with its own DJL
 * NDManager since managers are not thread-safe; models come from a {@link ModelSource}, loaded once per process.
 * {@link #submit} never fails: every request ends as a {@link GenerateOutcome}.
 */
public final class GenerationEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GenerationEngine.class);

    private final ModelSource models;
    private final AssetReader assets;
    private final String defaultModel;
    private final int defaultFps;
    private final Clock clock;
    private final ThreadPoolExecutor workers;
    private final ThreadLocal<NDManager> threadManager = new ThreadLocal<>();

    private GenerationEngine(Builder builder, Device device, ModelSource models) {
        this.models = models;
        this.assets = builder.assets;
        this.defaultModel = builder.config.generation().defaultModel();
        this.defaultFps = builder.config.limits().defaultFps();
        this.clock = builder.clock;
        int threads = builder.config.generation().workerThreads();
        this.workers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                workerFactory(device));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Queues {@code trace}; the future completes with its outcome. Cancelling it before a worker starts skips it. */
    public CompletableFuture<GenerateOutcome> submit(Trace trace) {
        Task task = new Task(trace, System.nanoTime(), new CompletableFuture<>());
        try {
            workers.execute(task);
        } catch (RejectedExecutionException e) {
            task.end("the generation engine is closed");
        }
        return task.result;
    }

    /** Stops taking requests; queued ones end FAILED, one already sampling finishes in the background. */
    @Override
    public void close() {
        for (Runnable queued : workers.shutdownNow()) {
            ((Task) queued).end("the generation engine closed before sampling started");
        }
        try {
            assets.close();
        } catch (Exception e) {
            LOG.warn("closing the asset reader failed", e);
        }
    }

    private GenerateOutcome generate(Trace trace) {
        GenerationRequest request = trace.request();
        Instant deadline = request.getDeadline();
        Instant now = clock.instant();
        if (deadline != null && !now.isBefore(deadline)) {
            return new Ended(trace, ResultStatus.EXPIRED, Rejection.of(ErrorCode.DEADLINE_EXCEEDED,
                    "deadline " + deadline + " passed before sampling started (" + now + ")"));
        }
        String modelId = request.getModel() != null ? request.getModel() : defaultModel;
        Optional<GenerationModel> found = models.find(modelId);
        if (found.isEmpty()) {
            return rejected(trace, ErrorCode.UNKNOWN_MODEL, "no model '" + modelId + "' in the catalog");
        }
        GenerationModel model = found.get();
        if (!model.manifest().supports(request.getMode())) {
            return rejected(trace, ErrorCode.UNSUPPORTED_MODE, "model " + modelId + " does not serve "
                    + request.getMode() + " (it serves " + model.manifest().modes() + ")");
        }
        SamplingSettings settings = SamplingSettings.resolve(request, model.manifest());
        Optional<Sampler> sampler = model.sampler(settings.sampler())
                .filter(s -> s.supports(model.denoiser().prediction()));
        if (sampler.isEmpty()) {
            return rejected(trace, ErrorCode.INVALID_FIELD, "sampler '" + settings.sampler() + "' is not one of "
                    + modelId + "'s samplers " + model.manifest().samplers());
        }
        NativeFormat format = nativeFormat(request, model);
        Timeline timeline;
        try {
            timeline = RequestTimeline.build(request, format, assets, model.manifest().maxNativeFrames());
        } catch (RequestTimeline.InputProblem problem) {
            return new Ended(trace, problem.transientFailure() ? ResultStatus.FAILED : ResultStatus.REJECTED,
                    Rejection.of(problem.code(), problem.getMessage()));
        }
        if (timeline.hasGivenFrames() && !model.denoiser().takesKnownFrames()) {
            return rejected(trace, ErrorCode.UNSUPPORTED_MODE, "model " + modelId + " cannot be given frames ("
                    + request.getMode() + ")");
        }
        long started = System.nanoTime();
        Frames frames = ClipSampler.sample(model, sampler.get(), settings, timeline, threadManager.get());
        Trace generated = trace.withGeneration(settings.seed(), model.info())
                .timed(Stages.SAMPLE, millisSince(started));
        return new Generated(new Clip(generated, frames, format.fps(), null));
    }

    private NativeFormat nativeFormat(GenerationRequest request, GenerationModel model) {
        if (request.getMode() == GenerationMode.TEXT_TO_IMAGE) {
            return model.imageFormat(request.getWidth(), request.getHeight());
        }
        double seconds;
        if (request.getDurationSeconds() != null) {
            seconds = request.getDurationSeconds();
        } else if (request.getFrames() != null) {
            seconds = request.getFrames() / (double) (request.getFps() != null ? request.getFps() : defaultFps);
        } else {
            throw new IllegalArgumentException("a video request needs duration_seconds or frames");
        }
        return model.videoFormat(request.getWidth(), request.getHeight(), seconds);
    }

    private static Ended rejected(Trace trace, ErrorCode code, String message) {
        return new Ended(trace, ResultStatus.REJECTED, Rejection.of(code, message));
    }

    private static long millisSince(long nanoTime) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoTime);
    }

    private ThreadFactory workerFactory(Device device) {
        AtomicInteger count = new AtomicInteger();
        return work -> {
            Thread thread = new Thread(() -> {
                try (NDManager manager = NDManager.newBaseManager(device, SpacetimeDitArchitecture.ENGINE)) {
                    threadManager.set(manager);
                    work.run();
                } finally {
                    threadManager.remove();
                }
            }, "reelflow-generate-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private final class Task implements Runnable {
        private final Trace trace;
        private final long queuedAt;
        private final CompletableFuture<GenerateOutcome> result;

        private Task(Trace trace, long queuedAt, CompletableFuture<GenerateOutcome> result) {
            this.trace = trace;
            this.queuedAt = queuedAt;
            this.result = result;
        }

        @Override
        public void run() {
            if (result.isDone()) {
                return; // cancelled (the caller timed out) while queued
            }
            Trace queued = trace.timed(Stages.QUEUE, millisSince(queuedAt));
            try {
                result.complete(generate(queued));
            } catch (RuntimeException | OutOfMemoryError e) {
                LOG.warn("generation of {}/{} failed", trace.tenantId(), trace.requestId(), e);
                result.complete(new Ended(queued, ResultStatus.FAILED,
                        Rejection.of(ErrorCode.GENERATION_FAILED, e.getClass().getSimpleName() + ": " + e.getMessage())));
            }
        }

        private void end(String why) {
            result.complete(new Ended(trace, ResultStatus.FAILED, Rejection.of(ErrorCode.GENERATION_FAILED, why)));
        }
    }

    /** Configures an engine; {@link #build} validates. */
    public static final class Builder {
        private ReelflowConfig config;
        private ModelSource models;
        private Device device;
        private Clock clock = Clock.systemUTC();
        private AssetReader assets = AssetReader.none();

        private Builder() {}

        /** Where input assets (first frames, source videos) are read from; default: nowhere, such requests end REJECTED. */
        public Builder assets(AssetReader assets) {
            this.assets = assets;
            return this;
        }

        /** Required: generation.* (catalog, default model, device, worker threads) and limits.default-fps. */
        public Builder config(ReelflowConfig config) {
            this.config = config;
            return this;
        }

        /** Where models come from; default: the shared {@link ModelRegistry} over generation.model-repository. */
        public Builder models(ModelSource models) {
            this.models = models;
            return this;
        }

        /** Default: generation.device. */
        public Builder device(Device device) {
            this.device = device;
            return this;
        }

        /** For deadlines; default: the system clock. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public GenerationEngine build() {
            Objects.requireNonNull(config, "config is required");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(assets, "assets");
            if (config.generation().workerThreads() < 1) {
                throw new IllegalArgumentException("generation.worker-threads must be at least 1");
            }
            if (config.generation().defaultModel() == null || config.generation().defaultModel().isBlank()) {
                throw new IllegalArgumentException("generation.default-model is required");
            }
            Device resolved = device != null ? device : Devices.resolve(config.generation().device());
            ModelSource source = models != null ? models : ModelRegistry.shared()
                    .source(ModelCatalog.of(config), resolved);
            return new GenerationEngine(this, resolved, source);
        }
    }
}

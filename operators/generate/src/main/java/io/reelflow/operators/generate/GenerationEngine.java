package io.reelflow.operators.generate;

import io.reelflow.pipeline.AssetReader;
import ai.djl.Device;
import io.reelflow.config.GenerationConfig;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.model.ModelCatalog;
import io.reelflow.operators.generate.GenerateOutcome.Ended;
import io.reelflow.operators.generate.internal.Devices;
import io.reelflow.operators.generate.internal.RequestRun;
import io.reelflow.operators.generate.internal.CheckedAssets;
import io.reelflow.operators.generate.internal.RequestTimeline;
import io.reelflow.operators.generate.internal.Timeline;
import io.reelflow.operators.generate.serving.InferenceWorker;
import io.reelflow.operators.generate.serving.ServingQueue;
import io.reelflow.operators.generate.serving.ServingRequest;
import io.reelflow.operators.generate.serving.ServingStats;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.Rejection;
import io.reelflow.pipeline.Trace;
import io.reelflow.schema.GenerationMode;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.ResultStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving engine of a TaskManager process. {@link #submit} queues a request unplanned; planner threads take them
 * in the queue's order (priority lane, tenant share, arrival), check and plan them, then queue them for the devices.
 * Requests with input assets wait in a queue of their own, read two at a time (I/O) and only while one of
 * generation.serving.decoded-inputs permits is free, since a plan holds the decoded frames; the others are planned
 * at once. The devices: one
 * {@link InferenceWorker} per device, each with its own DJL manager since managers are not thread-safe, batching
 * compatible requests (see {@link io.reelflow.operators.generate.serving.ServingQueue} for the order). Everything a
 * caller has submitted is ordered, so a HIGH request overtakes every LOW one the caller holds. Models come from a
 * {@link ModelSource}, loaded once per process and device. {@link #submit} never fails: every request ends as a
 * {@link GenerateOutcome}.
 */
public final class GenerationEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GenerationEngine.class);
    private static final int PLANNERS = 3;
    private static final Object PLANNING = "planning";

    private final ModelSource models;
    private final AssetReader assets;
    private final String defaultModel;
    private final int defaultFps;
    private final Clock clock;
    private final ServingQueue<ServingRequest> admitted;
    private final ServingQueue<ServingRequest> withInputs;
    private final ServingQueue<ServingRequest> queue;
    private final Semaphore decodedInputs;
    private final ServingStats stats;
    private final ProgressListener progress;
    private final ExecutorService planners;
    private final List<Thread> workers = new ArrayList<>();
    private final Map<String, Set<ServingRequest>> active = new ConcurrentHashMap<>();

    private GenerationEngine(Builder builder, List<Device> devices, Function<Device, ModelSource> models) {
        GenerationConfig.Serving serving = builder.config.generation().serving();
        this.models = models.apply(devices.get(0));
        this.assets = builder.assets;
        this.defaultModel = builder.config.generation().defaultModel();
        this.defaultFps = builder.config.limits().defaultFps();
        this.clock = builder.clock;
        this.progress = builder.progress;
        this.stats = new ServingStats(serving.maxBatch());
        this.admitted = unplanned(serving);
        this.withInputs = unplanned(serving);
        this.decodedInputs = new Semaphore(serving.decodedInputs());
        this.queue = ServingQueue.builder()
                .maxBatch(serving.maxBatch())
                .maxQueueDelay(serving.maxQueueDelay().toNanos(), TimeUnit.NANOSECONDS)
                .aging(serving.aging().toNanos(), TimeUnit.NANOSECONDS)
                .build();
        this.planners = Executors.newFixedThreadPool(PLANNERS, daemon("reelflow-plan-"));
        planners.execute(() -> planInOrder(admitted, false));
        for (int i = 1; i < PLANNERS; i++) {
            planners.execute(() -> planInOrder(withInputs, true)); // reading inputs is I/O: two at a time
        }
        InferenceWorker.Settings settings = new InferenceWorker.Settings(serving.maxBatch(),
                serving.continuousBatching(), serving.progressEverySteps());
        for (Device device : devices) {
            Thread worker = new Thread(new InferenceWorker(device, models.apply(device), queue, settings, stats,
                    builder.progress, builder.clock), "reelflow-infer-" + device);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Plans and queues {@code trace}; the future completes with its outcome. Completing or cancelling the future from
     * outside (a caller giving up) drops the request if it is queued and stops it at the next step if it is running.
     */
    public CompletableFuture<GenerateOutcome> submit(Trace trace) {
        ServingRequest request = new ServingRequest(trace, System.nanoTime());
        active.compute(request.key(), (k, set) -> {
            Set<ServingRequest> requests = set != null ? set : ConcurrentHashMap.newKeySet();
            requests.add(request);
            return requests;
        });
        request.result().whenComplete((outcome, error) -> forget(request));
        ServingQueue<ServingRequest> unplanned = trace.request().getInputAssets().isEmpty() ? admitted : withInputs;
        if (!unplanned.offer(request, request.priority(), trace.tenantId(), PLANNING)) {
            request.end(ResultStatus.FAILED, ErrorCode.GENERATION_FAILED, "the generation engine is closed");
        }
        return request.result();
    }

    /**
     * Cancels every submitted request of {@code tenant} with {@code requestId}: a queued one ends CANCELED now, a
     * running one at its next step boundary. Returns whether there was one.
     */
    public boolean cancel(String tenant, String requestId) {
        Set<ServingRequest> found = active.get(tenant + '/' + requestId);
        if (found == null || found.isEmpty()) {
            return false;
        }
        for (ServingRequest request : found) {
            request.cancel();
            boolean queued = admitted.remove(request) || withInputs.remove(request) || queue.remove(request);
            if (queued && request.endCanceled("while queued")) { // queued ones hold no arrays
                stats.countCanceled();
            }
        }
        return true;
    }

    /** Counters for metrics: batches, inferences, device time, outcomes. */
    public ServingStats stats() {
        return stats;
    }

    /** Requests waiting for a device, planned or not yet. */
    public int queued() {
        return admitted.size() + withInputs.size() + queue.size();
    }

    /** Requests submitted and not yet ended: being planned, queued or sampling. */
    public int pending() {
        return active.values().stream().mapToInt(Set::size).sum();
    }

    /** Devices with a worker. */
    public int devices() {
        return workers.size();
    }

    /** Stops taking requests; queued ones end FAILED, running ones end FAILED at their next step. */
    @Override
    public void close() {
        planners.shutdownNow();
        List<ServingRequest> waiting = new ArrayList<>(admitted.close());
        waiting.addAll(withInputs.close());
        waiting.addAll(queue.close());
        for (ServingRequest queued : waiting) {
            queued.end(ResultStatus.FAILED, ErrorCode.GENERATION_FAILED,
                    "the generation engine closed before sampling started");
        }
        for (Thread worker : workers) {
            worker.interrupt();
        }
        for (Thread worker : workers) {
            try {
                worker.join(TimeUnit.SECONDS.toMillis(30)); // a step in progress finishes; then the worker ends
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Set<ServingRequest> requests : active.values()) {
            requests.forEach(r -> r.end(ResultStatus.FAILED, ErrorCode.GENERATION_FAILED,
                    "the generation engine closed"));
        }
        try {
            assets.close();
            progress.close();
        } catch (Exception e) {
            LOG.warn("closing the asset reader or progress listener failed", e);
        }
    }

    private void forget(ServingRequest request) {
        active.computeIfPresent(request.key(), (k, set) -> {
            set.remove(request);
            return set.isEmpty() ? null : set;
        });
    }

    /**
     * A planner thread: takes the next request of {@code unplanned} in its order (priority, tenant share, arrival).
     * With {@code readsInputs} it first waits for a decoded-inputs permit, so the request chosen is the head when a
     * permit frees; the permit is held until the request ends, since its plan holds the decoded frames.
     */
    private void planInOrder(ServingQueue<ServingRequest> unplanned, boolean readsInputs) {
        while (true) {
            try {
                if (readsInputs) {
                    decodedInputs.acquire();
                }
                Optional<List<ServingQueue.Entry<ServingRequest>>> next = unplanned.take();
                if (next.isEmpty()) {
                    return; // closed
                }
                ServingRequest request = next.get().get(0).item();
                if (readsInputs) {
                    request.result().whenComplete((outcome, error) -> decodedInputs.release());
                }
                plan(request);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // closing
                return;
            }
        }
    }

    /** Ends {@code request} if it cannot be served, else queues it for a device; never throws. */
    private void plan(ServingRequest request) {
        try {
            if (endIfAbandoned(request)) {
                return;
            }
            if (request.endIfExpired(clock.instant())) {
                stats.countExpired();
                return;
            }
            Optional<GenerateOutcome> refused = check(request);
            if (refused.isPresent()) {
                request.end(refused.get());
                return;
            }
            if (endIfAbandoned(request)) { // canceled while its inputs were read
                return;
            }
            GenerationModel model = models.find(request.plan().modelId()).orElseThrow();
            Object key = InferenceWorker.keyOf(request, model,
                    RequestRun.firstWindowFrames(model, request.plan().timeline()));
            if (!queue.offer(request, request.priority(), request.trace().tenantId(), key)) {
                request.end(ResultStatus.FAILED, ErrorCode.GENERATION_FAILED, "the generation engine closed");
            }
        } catch (RuntimeException | Error e) { // an Error too: the planner thread must go on with the next one
            LOG.warn("planning {} failed", request.key(), e);
            request.end(ResultStatus.FAILED, ErrorCode.GENERATION_FAILED, e.getClass().getSimpleName() + ": "
                    + e.getMessage());
        }
    }

    private boolean endIfAbandoned(ServingRequest request) {
        if (!request.abandoned()) {
            return false;
        }
        if (request.endCanceled("while queued")) {
            stats.countCanceled();
        }
        return true;
    }

    /** Refuses what cannot be served, or plans the request. */
    private Optional<GenerateOutcome> check(ServingRequest serving) {
        Trace trace = serving.queuedTrace();
        GenerationRequest request = trace.request();
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
            AssetReader checked = trace.checkedInputs().isEmpty() ? assets : new CheckedAssets(assets, trace.checkedInputs());
            timeline = RequestTimeline.build(request, format, checked, model.manifest().maxNativeFrames());
        } catch (RequestTimeline.InputProblem problem) {
            return Optional.of(new Ended(trace, problem.transientFailure() ? ResultStatus.FAILED
                    : ResultStatus.REJECTED, Rejection.of(problem.code(), problem.getMessage())));
        }
        if (timeline.hasGivenFrames() && !model.denoiser().takesKnownFrames()) {
            return rejected(trace, ErrorCode.UNSUPPORTED_MODE, "model " + modelId + " cannot be given frames ("
                    + request.getMode() + ")");
        }
        serving.plan(new ServingRequest.Plan(modelId, sampler.get(), settings, timeline, format.fps()));
        return Optional.empty();
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

    private static Optional<GenerateOutcome> rejected(Trace trace, ErrorCode code, String message) {
        return Optional.of(new Ended(trace, ResultStatus.REJECTED, Rejection.of(code, message)));
    }

    private static ServingQueue<ServingRequest> unplanned(GenerationConfig.Serving serving) {
        return ServingQueue.builder()
                .maxBatch(1)
                .maxQueueDelay(0, TimeUnit.NANOSECONDS)
                .aging(serving.aging().toNanos(), TimeUnit.NANOSECONDS)
                .build();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return work -> {
            Thread thread = new Thread(work, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Configures an engine; {@link #build} validates. */
    public static final class Builder {
        private ReelflowConfig config;
        private ModelSource models;
        private List<Device> devices;
        private Clock clock = Clock.systemUTC();
        private AssetReader assets = AssetReader.none();
        private ProgressListener progress = ProgressListener.NONE;

        private Builder() {}

        /** Where input assets (first frames, source videos) are read from; default: nowhere, such requests end REJECTED. */
        public Builder assets(AssetReader assets) {
            this.assets = assets;
            return this;
        }

        /** Required: generation.* (catalog, default model, device, serving) and limits.default-fps. */
        public Builder config(ReelflowConfig config) {
            this.config = config;
            return this;
        }

        /** Where models come from, for every device; default: the shared {@link ModelRegistry} per device. */
        public Builder models(ModelSource models) {
            this.models = models;
            return this;
        }

        /** One worker per device; default: generation.device. */
        public Builder devices(List<Device> devices) {
            this.devices = List.copyOf(devices);
            return this;
        }

        /** For deadlines; default: the system clock. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Told of sampling progress; default: nobody. */
        public Builder progress(ProgressListener progress) {
            this.progress = progress;
            return this;
        }

        public GenerationEngine build() {
            Objects.requireNonNull(config, "config is required");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(assets, "assets");
            Objects.requireNonNull(progress, "progress");
            GenerationConfig generation = config.generation();
            if (generation.defaultModel() == null || generation.defaultModel().isBlank()) {
                throw new IllegalArgumentException("generation.default-model is required");
            }
            GenerationConfig.Serving serving = generation.serving();
            if (serving.maxBatch() < 1 || serving.decodedInputs() < 1 || serving.progressEverySteps() < 0) {
                throw new IllegalArgumentException("generation.serving.max-batch and decoded-inputs must be at least 1"
                        + " and progress-every-steps at least 0, got " + serving);
            }
            if (serving.maxQueueDelay().isNegative() || serving.aging().isNegative()) {
                throw new IllegalArgumentException("generation.serving.max-queue-delay and aging must not be negative");
            }
            List<Device> resolved = devices != null ? devices : Devices.resolve(generation.device());
            if (resolved.isEmpty()) {
                throw new IllegalArgumentException("no device to sample on");
            }
            ModelCatalog catalog = ModelCatalog.of(config);
            Function<Device, ModelSource> source = models != null ? device -> models
                    : device -> ModelRegistry.shared().source(catalog, device);
            return new GenerationEngine(this, resolved, source);
        }
    }
}

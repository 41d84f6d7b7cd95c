package io.reelflow.operators.generate.serving;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDManager;
import io.reelflow.operators.generate.GenerateOutcome;
import io.reelflow.operators.generate.GenerationModel;
import io.reelflow.operators.generate.ModelSource;
import io.reelflow.operators.generate.ProgressListener;
import io.reelflow.operators.generate.internal.DenoisingBatch;
import io.reelflow.operators.generate.internal.RequestRun;
import io.reelflow.operators.generate.internal.SpacetimeDitArchitecture;
import io.reelflow.operators.generate.internal.WindowRun;
import io.reelflow.pipeline.Clip;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.Stages;
import io.reelflow.pipeline.Trace;
import io.reelflow.schema.ResultStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that samples on a device. Takes a batch of compatible requests from the {@link ServingQueue} and
 * steps their current windows together, one forward pass per step ({@link DenoisingBatch}). With continuous batching,
 * requests of the same shape join at step boundaries and finished ones leave; a request whose next window has another
 * shape is parked with this worker (its arrays live in this worker's manager) and resumed once the batch is done. At
 * every step boundary canceled requests are dropped. Out of device memory, a step is retried in halves and the worker
 * keeps the smaller batch size for that shape; a request that fails alone ends FAILED by itself. On an Error the worker
 * ends what it holds (WORKER_FAILED, retried by Flink) and starts over with a fresh manager, backing off.
 */
public final class InferenceWorker implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(InferenceWorker.class);

    /** Windows of one model and shape share a forward pass; {@code exclusive} keeps stateful runs apart. */
    public record BatchKey(String model, int frames, int height, int width, Object exclusive) {}

    private final Device device;
    private final ModelSource models;
    private final ServingQueue<ServingRequest> queue;
    private final Settings settings;
    private final ServingStats stats;
    private final ProgressListener progress;
    private final Clock clock;
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final List<ServingRequest> running = new ArrayList<>();
    private final List<Parked> parked = new ArrayList<>();
    private final Map<BatchKey, Integer> limits = new HashMap<>();
    private BatchKey runningKey;
    private GenerationModel runningModel;

    /** A started request waiting for the running batch to finish, its next window being of another shape. */
    private record Parked(ServingRequest request, BatchKey key) {}

    /** How a worker batches; see generation.serving. */
    public record Settings(int maxBatch, boolean continuousBatching, int progressEverySteps) {}

    public InferenceWorker(Device device, ModelSource models, ServingQueue<ServingRequest> queue, Settings settings,
            ServingStats stats, ProgressListener progress, Clock clock) {
        this.device = device;
        this.models = models;
        this.queue = queue;
        this.settings = settings;
        this.stats = stats;
        this.progress = progress;
        this.clock = clock;
    }

    /** The batch key of a request's window: model, frame count and size. */
    public static BatchKey keyOf(ServingRequest request, GenerationModel model, int frames) {
        ServingRequest.Plan plan = request.plan();
        return new BatchKey(plan.modelId(), frames, plan.timeline().height(), plan.timeline().width(),
                model.denoiser().batchesAcrossRuns() ? null : request);
    }

    @Override
    public void run() {
        long backoffMillis = 0;
        while (!Thread.currentThread().isInterrupted()) {
            try (NDManager manager = NDManager.newBaseManager(device, SpacetimeDitArchitecture.ENGINE)) {
                serve(manager);
                break; // the queue closed, or the engine stopped
            } catch (RuntimeException | Error e) {
                LOG.error("the inference worker on {} failed; restarting it", device, e);
                endHeld(ErrorCode.WORKER_FAILED, "the inference worker on " + device + " failed (" + describe(e)
                        + "); it was restarted");
                backoffMillis = Math.min(MAX_BACKOFF_MILLIS, Math.max(100, 2 * backoffMillis));
                try {
                    Thread.sleep(backoffMillis); // a fault that persists must not spin
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        endHeld(ErrorCode.WORKER_FAILED, "the engine stopped while sampling");
    }

    private void serve(NDManager manager) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                if (running.isEmpty()) {
                    if (!parked.isEmpty()) {
                        resumeParked();
                    } else {
                        Optional<List<ServingQueue.Entry<ServingRequest>>> batch = queue.take();
                        if (batch.isEmpty()) {
                            return;
                        }
                        admit(batch.get(), manager);
                    }
                } else if (settings.continuousBatching() && running.size() < batchLimit()) {
                    admit(queue.pollJoining(runningKey, batchLimit() - running.size()), manager);
                }
                dropAbandoned();
                settle();
                if (!running.isEmpty()) {
                    step(manager);
                    reportProgress();
                    settle();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Takes on queued requests; each one that cannot start ends with its reason, the others still start. */
    private void admit(List<ServingQueue.Entry<ServingRequest>> entries, NDManager manager) {
        for (int i = 0; i < entries.size(); i++) {
            ServingRequest request = entries.get(i).item();
            try {
                if (request.abandoned()) {
                    endCanceled(request, "while queued");
                    continue;
                }
                if (request.endIfExpired(clock.instant())) {
                    stats.countExpired();
                    continue;
                }
                GenerationModel model = models.find(request.plan().modelId()).orElseThrow();
                request.run = RequestRun.start(model, request.plan().sampler(), request.plan().settings(),
                        request.plan().timeline(), manager);
                request.startedNanos = System.nanoTime();
                stats.countStart(request.startedNanos - request.arrivedNanos());
                join(request, (BatchKey) entries.get(i).batchKey(), model);
            } catch (RuntimeException e) {
                LOG.warn("starting {} failed", request.key(), e);
                fail(request, e);
            } catch (Error e) {
                for (ServingQueue.Entry<ServingRequest> left : entries.subList(i, entries.size())) {
                    left.item().end(ResultStatus.FAILED, ErrorCode.WORKER_FAILED, "the inference worker failed ("
                            + describe(e) + ") before this request started");
                }
                throw e;
            }
        }
    }

    private void join(ServingRequest request, BatchKey key, GenerationModel model) {
        if (running.isEmpty()) {
            runningKey = key;
            runningModel = model;
        }
        running.add(request);
    }

    /** Started requests whose next window had another shape: this worker holds their arrays, so it finishes them. */
    private void resumeParked() {
        BatchKey key = parked.get(0).key();
        for (var it = parked.iterator(); it.hasNext() && running.size() < batchLimit(key); ) {
            Parked next = it.next();
            if (next.key().equals(key)) {
                it.remove();
                join(next.request(), key, models.find(key.model()).orElseThrow());
            }
        }
    }

    /** One step for every running request, in forward passes of at most the key's batch limit. */
    private void step(NDManager manager) {
        List<ServingRequest> members = List.copyOf(running);
        int from = 0;
        while (from < members.size()) {
            List<ServingRequest> batch = members.subList(from, Math.min(members.size(), from + batchLimit()));
            try {
                execute(batch, manager);
            } catch (RuntimeException | OutOfMemoryError e) {
                if (outOfMemory(e) && batch.size() > 1) {
                    limits.put(runningKey, Math.max(1, batch.size() / 2)); // no member moved: retry the same ones
                    stats.countRetriedSmaller();
                    LOG.warn("out of memory on {} at batch {} of {}; batches of at most {} for it from now on",
                            device, batch.size(), runningKey, batchLimit());
                    continue;
                }
                if (e instanceof OutOfMemoryError error) {
                    throw error; // the JVM heap: restart the worker; its requests FAIL transiently
                }
                isolate(batch, (RuntimeException) e, manager);
            }
            from += batch.size();
        }
    }

    private void execute(List<ServingRequest> batch, NDManager manager) {
        List<WindowRun> windows = new ArrayList<>(batch.size());
        for (ServingRequest request : batch) {
            windows.add(request.run.window());
        }
        long began = System.nanoTime();
        DenoisingBatch.step(windows, runningModel.denoiser(), manager);
        long took = System.nanoTime() - began;
        stats.countExecution(batch.size(), took);
        long share = took / batch.size();
        for (ServingRequest request : batch) {
            stats.countTenantCompute(request.trace().tenantId(), share);
            request.deviceNanos += share;
        }
    }

    /** A batch failed: steps each member alone so only the ones that fail alone end FAILED. */
    private void isolate(List<ServingRequest> batch, RuntimeException failure, NDManager manager) {
        for (ServingRequest request : batch) {
            RuntimeException alone = failure;
            if (batch.size() > 1) {
                try {
                    execute(List.of(request), manager);
                    continue;
                } catch (RuntimeException e) {
                    alone = e;
                }
            }
            LOG.warn("sampling {} failed", request.key(), alone);
            running.remove(request);
            fail(request, alone);
        }
    }

    private void reportProgress() {
        int every = settings.progressEverySteps();
        if (every == 0) {
            return;
        }
        for (ServingRequest request : running) {
            int done = request.run.stepsTaken();
            int total = request.run.stepsTotal();
            if (done % every == 0 || done == total) {
                try {
                    progress.progress(request.trace(), done, total);
                } catch (RuntimeException e) {
                    LOG.debug("the progress listener failed for {}", request.key(), e);
                }
            }
        }
    }

    /**
     * Finishes windows that have no steps left; requests with every window done end GENERATED, and those whose next
     * window has another shape are parked until the running batch is done. A request that fails here ends alone.
     */
    private void settle() {
        List<ServingRequest> leaving = new ArrayList<>();
        for (ServingRequest request : running) {
            try {
                RequestRun run = request.run;
                while (!run.done() && run.window().done()) {
                    run.finishWindow();
                }
                if (run.done()) {
                    leaving.add(request);
                    complete(request);
                    continue;
                }
                BatchKey next = keyOf(request, runningModel, (int) run.window().shape().get(1));
                if (!next.equals(runningKey)) {
                    leaving.add(request);
                    parked.add(new Parked(request, next));
                }
            } catch (RuntimeException e) {
                LOG.warn("finishing a window of {} failed", request.key(), e);
                leaving.add(request);
                fail(request, e);
            }
        }
        running.removeAll(leaving);
    }

    private void complete(ServingRequest request) {
        try (RequestRun run = request.run) {
            ServingRequest.Plan plan = request.plan();
            Trace generated = request.queuedTrace()
                    .withGeneration(plan.settings().seed(), runningModel.info())
                    .timed(Stages.SAMPLE, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - request.startedNanos))
                    .timed(Stages.DEVICE, TimeUnit.NANOSECONDS.toMillis(request.deviceNanos));
            if (request.end(new GenerateOutcome.Generated(new Clip(generated, run.frames(), plan.fps(), null)))) {
                stats.countSucceeded();
            }
        } finally {
            request.run = null;
        }
    }

    private void dropAbandoned() {
        running.removeIf(this::endIfAbandoned);
        parked.removeIf(held -> endIfAbandoned(held.request()));
    }

    private boolean endIfAbandoned(ServingRequest request) {
        if (!request.abandoned()) {
            return false;
        }
        endCanceled(request, "while sampling");
        return true;
    }

    private void endCanceled(ServingRequest request, String when) {
        close(request);
        if (request.endCanceled(when)) {
            stats.countCanceled();
        }
    }

    /** Ends a request that failed on its own: out of device memory alone is transient, anything else is not. */
    private void fail(ServingRequest request, RuntimeException e) {
        close(request);
        ErrorCode code = outOfMemory(e) ? ErrorCode.WORKER_FAILED : ErrorCode.GENERATION_FAILED;
        if (request.end(ResultStatus.FAILED, code, describe(e))) {
            stats.countFailed();
        }
    }

    private static void close(ServingRequest request) {
        if (request.run != null) {
            try {
                request.run.close();
            } catch (RuntimeException ignored) {
                // its manager may be gone with the worker's
            }
            request.run = null;
        }
    }

    /** Ends every request this worker holds (running or parked); their arrays went with its manager. */
    private void endHeld(ErrorCode code, String message) {
        List<ServingRequest> held = new ArrayList<>(running);
        parked.forEach(p -> held.add(p.request()));
        running.clear();
        parked.clear();
        for (ServingRequest request : held) {
            close(request);
            if (request.end(ResultStatus.FAILED, code, message)) {
                stats.countFailed();
            }
        }
    }

    private int batchLimit() {
        return batchLimit(runningKey);
    }

    private int batchLimit(BatchKey key) {
        return key == null ? settings.maxBatch() : limits.getOrDefault(key, settings.maxBatch());
    }

    /** PyTorch reports device memory exhaustion as an EngineException mentioning it; the JVM as OutOfMemoryError. */
    static boolean outOfMemory(Throwable e) {
        if (e instanceof OutOfMemoryError) {
            return true;
        }
        String message = e.getMessage();
        return e instanceof EngineException && message != null
                && message.toLowerCase(Locale.ROOT).contains("out of memory");
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}

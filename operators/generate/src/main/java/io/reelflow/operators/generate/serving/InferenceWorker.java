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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that samples on a device. Takes a batch of compatible requests from the {@link ServingQueue} and
 * steps their current windows together, one forward pass per step ({@link DenoisingBatch}). With continuous batching,
 * requests of the same shape join at step boundaries and finished ones leave; a request whose next window has another
 * shape goes back to the queue. At every step boundary canceled requests are dropped. Out of device memory, a step is
 * retried in halves and the worker keeps the smaller batch size; any other failure ends the step's requests FAILED
 * and the worker starts over with a fresh manager.
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
    private final List<ServingRequest> running = new ArrayList<>();
    private BatchKey runningKey;
    private GenerationModel runningModel;
    private int batchLimit;

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
        this.batchLimit = settings.maxBatch();
    }

    /** The batch key of a request's window: model, frame count and size. */
    public static BatchKey keyOf(ServingRequest request, GenerationModel model, int frames) {
        ServingRequest.Plan plan = request.plan();
        return new BatchKey(plan.modelId(), frames, plan.timeline().height(), plan.timeline().width(),
                model.denoiser().batchesAcrossRuns() ? null : request);
    }

    @Override
    public void run() {
        while (true) {
            try (NDManager manager = NDManager.newBaseManager(device, SpacetimeDitArchitecture.ENGINE)) {
                serve(manager);
                return; // the queue closed
            } catch (RuntimeException | Error e) {
                LOG.error("the inference worker on {} failed; restarting it", device, e);
                endRunning(ResultStatus.FAILED, ErrorCode.WORKER_FAILED, "the inference worker on " + device
                        + " failed (" + describe(e) + "); it was restarted");
            } finally {
                if (Thread.currentThread().isInterrupted()) {
                    endRunning(ResultStatus.FAILED, ErrorCode.WORKER_FAILED, "the engine stopped while sampling");
                }
            }
        }
    }

    private void serve(NDManager manager) {
        try {
            while (true) {
                if (running.isEmpty()) {
                    Optional<List<ServingQueue.Entry<ServingRequest>>> batch = queue.take();
                    if (batch.isEmpty()) {
                        return;
                    }
                    admit(batch.get(), manager);
                } else if (settings.continuousBatching() && running.size() < batchLimit) {
                    admit(queue.pollJoining(runningKey, batchLimit - running.size()), manager);
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

    private void admit(List<ServingQueue.Entry<ServingRequest>> entries, NDManager manager) {
        for (ServingQueue.Entry<ServingRequest> entry : entries) {
            ServingRequest request = entry.item();
            if (request.abandoned()) {
                close(request);
                request.endCanceled("while queued");
                stats.countCanceled();
                continue;
            }
            Instant deadline = request.trace().request().getDeadline();
            Instant now = clock.instant();
            if (request.run == null && deadline != null && !now.isBefore(deadline)) {
                request.end(ResultStatus.EXPIRED, ErrorCode.DEADLINE_EXCEEDED, "deadline " + deadline
                        + " passed before sampling started (" + now + ")");
                stats.countExpired();
                continue;
            }
            if (request.run == null) {
                if (!start(request, manager)) {
                    continue;
                }
            }
            if (running.isEmpty()) {
                runningKey = (BatchKey) entry.batchKey();
                runningModel = models.find(runningKey.model()).orElseThrow();
            }
            running.add(request);
        }
    }

    private boolean start(ServingRequest request, NDManager manager) {
        ServingRequest.Plan plan = request.plan();
        try {
            GenerationModel model = models.find(plan.modelId()).orElseThrow();
            request.run = RequestRun.start(model, plan.sampler(), plan.settings(), plan.timeline(), manager);
            request.startedNanos = System.nanoTime();
            stats.countStart(request.startedNanos - request.arrivedNanos());
            return true;
        } catch (RuntimeException e) {
            LOG.warn("starting {} failed", request.key(), e);
            request.end(ResultStatus.FAILED, ErrorCode.GENERATION_FAILED, describe(e));
            stats.countFailed();
            return false;
        }
    }

    /** One step for every running request, in forward passes of at most batchLimit windows. */
    private void step(NDManager manager) {
        List<ServingRequest> members = List.copyOf(running);
        int from = 0;
        while (from < members.size()) {
            List<ServingRequest> batch = members.subList(from, Math.min(members.size(), from + batchLimit));
            try {
                execute(batch, manager);
            } catch (RuntimeException | OutOfMemoryError e) {
                if (outOfMemory(e) && batch.size() > 1) {
                    batchLimit = Math.max(1, batch.size() / 2); // no member moved: retry from the same one
                    stats.countRetriedSmaller();
                    LOG.warn("out of memory on {} at batch {}; batches of at most {} from now on", device,
                            batch.size(), batchLimit);
                    continue;
                }
                if (e instanceof OutOfMemoryError error) {
                    throw error; // alone: the worker restarts, the request FAILS transiently
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
        stats.countExecution(batch.size(), System.nanoTime() - began);
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
            close(request);
            running.remove(request);
            if (request.end(ResultStatus.FAILED, ErrorCode.GENERATION_FAILED, describe(alone))) {
                stats.countFailed();
            }
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
                progress.progress(request.trace(), done, total);
            }
        }
    }

    /**
     * Finishes windows that have no steps left; requests with every window done end GENERATED, and those whose next
     * window has another shape go back to the queue.
     */
    private void settle() {
        List<ServingRequest> leaving = new ArrayList<>();
        for (ServingRequest request : running) {
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
                queue.requeue(request, request.priority(), request.trace().tenantId(), next, request.arrivedNanos());
            }
        }
        running.removeAll(leaving);
    }

    private void complete(ServingRequest request) {
        try (RequestRun run = request.run) {
            ServingRequest.Plan plan = request.plan();
            Trace generated = request.trace()
                    .timed(Stages.QUEUE, TimeUnit.NANOSECONDS.toMillis(request.startedNanos - request.arrivedNanos()))
                    .withGeneration(plan.settings().seed(), runningModel.info())
                    .timed(Stages.SAMPLE, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - request.startedNanos));
            if (request.end(new GenerateOutcome.Generated(new Clip(generated, run.frames(), plan.fps(), null)))) {
                stats.countSucceeded();
            }
        }
        request.run = null;
    }

    private void dropAbandoned() {
        running.removeIf(request -> {
            if (!request.abandoned()) {
                return false;
            }
            close(request);
            request.endCanceled("while sampling");
            stats.countCanceled();
            return true;
        });
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

    private void endRunning(ResultStatus status, ErrorCode code, String message) {
        for (ServingRequest request : running) {
            close(request);
            if (request.end(status, code, message)) {
                stats.countFailed();
            }
        }
        running.clear();
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

package io.reelflow.operators.generate.serving;

import io.reelflow.operators.generate.GenerateOutcome;
import io.reelflow.operators.generate.Sampler;
import io.reelflow.operators.generate.SamplingSettings;
import io.reelflow.operators.generate.internal.RequestRun;
import io.reelflow.operators.generate.internal.Timeline;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.Rejection;
import io.reelflow.pipeline.Stages;
import io.reelflow.pipeline.Trace;
import io.reelflow.schema.Priority;
import io.reelflow.schema.ResultStatus;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A request on its way through the serving engine: checked and planned, then queued, then sampled by a worker. Ends
 * exactly once ({@link #end}); a cancel or a caller giving up stops it at the next step boundary.
 */
public final class ServingRequest {

    /** What a worker needs to sample the request. {@code fps} is 0 for images. */
    public record Plan(String modelId, Sampler sampler, SamplingSettings settings, Timeline timeline, double fps) {}

    private final Trace trace;
    private final long arrivedNanos;
    private final CompletableFuture<GenerateOutcome> result = new CompletableFuture<>();
    private volatile Plan plan;
    private volatile boolean canceled;
    RequestRun run;
    volatile long startedNanos;
    /** Its share of the device so far (the worker's thread alone adds to it). */
    long deviceNanos;

    public ServingRequest(Trace trace, long arrivedNanos) {
        this.trace = trace;
        this.arrivedNanos = arrivedNanos;
    }

    public Trace trace() {
        return trace;
    }

    public String key() {
        return trace.tenantId() + '/' + trace.requestId();
    }

    public Priority priority() {
        Priority priority = trace.request().getPriority();
        return priority == null ? Priority.NORMAL : priority;
    }

    public long arrivedNanos() {
        return arrivedNanos;
    }

    public CompletableFuture<GenerateOutcome> result() {
        return result;
    }

    public Plan plan() {
        return plan;
    }

    public void plan(Plan value) {
        plan = value;
    }

    /** Asks the request to stop: a queued one is dropped by whoever holds it, a running one at its next step. */
    public void cancel() {
        canceled = true;
    }

    /** Canceled, or its caller stopped waiting (the future was completed or cancelled from outside). */
    public boolean abandoned() {
        return canceled || result.isDone();
    }

    /** Completes with {@code outcome} unless already ended; false if it had. */
    public boolean end(GenerateOutcome outcome) {
        return result.complete(outcome);
    }

    public boolean end(ResultStatus status, ErrorCode code, String message) {
        return end(new GenerateOutcome.Ended(queuedTrace(), status, Rejection.of(code, message)));
    }

    /** The trace with the time spent waiting: until sampling started, or until now if it never did. */
    public Trace queuedTrace() {
        long waited = (startedNanos != 0 ? startedNanos : System.nanoTime()) - arrivedNanos;
        return trace.timed(Stages.QUEUE, TimeUnit.NANOSECONDS.toMillis(waited));
    }

    /**
     * Ends CANCELED; true if it ended canceled, by this call or by its caller cancelling the future (a timeout), false
     * if it had ended otherwise (the engine closing).
     */
    public boolean endCanceled(String where) {
        return end(ResultStatus.CANCELED, ErrorCode.CANCELED, "canceled by the client " + where)
                || result.isCancelled();
    }

    /** Ends EXPIRED if its deadline is not after {@code now}; true if it did. Checked before sampling starts. */
    public boolean endIfExpired(Instant now) {
        Instant deadline = trace.request().getDeadline();
        if (deadline == null || now.isBefore(deadline)) {
            return false;
        }
        return end(ResultStatus.EXPIRED, ErrorCode.DEADLINE_EXCEEDED, "deadline " + deadline
                + " passed before sampling started (" + now + ")");
    }
}

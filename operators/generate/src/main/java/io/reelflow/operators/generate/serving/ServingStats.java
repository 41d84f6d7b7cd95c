package io.reelflow.operators.generate.serving;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one serving engine (all its devices), read by metric reporters; names follow Triton's. Cumulative, so
 * a reporter derives rates and ratios from differences: average batch size = inferences / executions, device busy
 * ratio = busy time / (wall time x devices). Thread-safe.
 */
public final class ServingStats {

    private final LongAdder executions = new LongAdder();
    private final LongAdder inferences = new LongAdder();
    private final LongAdder computeNanos = new LongAdder();
    private final LongAdder queueNanos = new LongAdder();
    private final LongAdder started = new LongAdder();
    private final LongAdder succeeded = new LongAdder();
    private final LongAdder expired = new LongAdder();
    private final LongAdder canceled = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder retriedSmaller = new LongAdder();
    private final AtomicLongArray batchSizes;
    private final Map<String, LongAdder> computeNanosByTenant = new ConcurrentHashMap<>();

    public ServingStats(int maxBatch) {
        this.batchSizes = new AtomicLongArray(maxBatch + 1);
    }

    public void countExecution(int batchSize, long nanos) {
        executions.increment();
        inferences.add(batchSize);
        computeNanos.add(nanos);
        batchSizes.incrementAndGet(Math.min(batchSize, batchSizes.length() - 1));
    }

    /**
     * A tenant's share of an execution: the execution's time divided by its batch size, per member. Tenants are
     * the configured ones (requests of others are dead-lettered at decode), so the map stays small.
     */
    public void countTenantCompute(String tenant, long nanos) {
        computeNanosByTenant.computeIfAbsent(tenant, t -> new LongAdder()).add(nanos);
    }

    public void countStart(long waitedNanos) {
        started.increment();
        queueNanos.add(waitedNanos);
    }

    public void countSucceeded() {
        succeeded.increment();
    }

    public void countExpired() {
        expired.increment();
    }

    public void countCanceled() {
        canceled.increment();
    }

    public void countFailed() {
        failed.increment();
    }

    public void countRetriedSmaller() {
        retriedSmaller.increment();
    }

    /** Forward passes (each one denoising step of a batch). */
    public long executions() {
        return executions.sum();
    }

    /** Window-steps computed: the sum of the batch sizes of all executions. */
    public long inferences() {
        return inferences.sum();
    }

    /** Time the devices spent in executions. */
    public long computeNanos() {
        return computeNanos.sum();
    }

    /** Device time spent on {@code tenant}'s requests (its shares of batched executions). */
    public long computeNanos(String tenant) {
        LongAdder nanos = computeNanosByTenant.get(tenant);
        return nanos == null ? 0 : nanos.sum();
    }

    /** Requests that started sampling, and how long they had waited in all. */
    public long started() {
        return started.sum();
    }

    public long queueNanos() {
        return queueNanos.sum();
    }

    public long succeeded() {
        return succeeded.sum();
    }

    public long expired() {
        return expired.sum();
    }

    /** Requests dropped or stopped because they were canceled or their caller stopped waiting (a timeout). */
    public long canceled() {
        return canceled.sum();
    }

    public long failed() {
        return failed.sum();
    }

    /** Executions that ran out of device memory and were split into smaller batches. */
    public long retriedSmaller() {
        return retriedSmaller.sum();
    }

    /** Executions of batch size {@code size} (1..max batch). */
    public long executionsOfSize(int size) {
        return batchSizes.get(size);
    }

    public int maxBatch() {
        return batchSizes.length() - 1;
    }
}

package io.reelflow.operators.generate.serving;

import io.reelflow.schema.Priority;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The requests waiting for a device, handed out in batches of compatible ones (same {@code batchKey}).
 *
 * <p>Which request goes next: the highest lane first, where a request rises one lane for every {@code aging} it has
 * waited (so LOW is never starved); within a lane by fair share, so one tenant's bulk campaign cannot starve another's
 * interactive requests: start-time fair queueing, where each request is stamped with a virtual start, the later of
 * the queue's virtual time (the stamp of the last request handed out) and the end of its tenant's previous request,
 * one unit per request. A tenant with a backlog stamps it far ahead; a tenant coming back from idle starts at the
 * virtual time, carrying neither credit nor debt, and goes ahead of the backlog. Equal stamps go first come, first
 * served. That request's batch is filled
 * with compatible requests in the same order, up to {@code maxBatch}. A batch goes as soon as it is full, or once its
 * first request has waited {@code maxQueueDelay} (Triton's max_queue_delay). Only that request's batch is considered,
 * so a fuller batch of lower priority never overtakes it; the device waits at most {@code maxQueueDelay}.
 *
 * <p>Unbounded: its callers bound what they submit (generation.capacity per Flink subtask). Thread-safe.
 */
public final class ServingQueue<E> {

    /** One waiting request. */
    public record Entry<E>(E item, Priority priority, String tenant, Object batchKey, long enqueuedNanos,
            long virtualStart) {}

    private static final int LEDGER_LIMIT = 1024;

    private final int maxBatch;
    private final long maxQueueDelayNanos;
    private final long agingNanos;
    private final LongSupplier nanoTime;
    private final List<Entry<E>> waiting = new ArrayList<>();
    private final Map<String, Long> tenantEnds = new HashMap<>();
    private long virtualTime;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean closed;

    private ServingQueue(Builder builder) {
        this.maxBatch = builder.maxBatch;
        this.maxQueueDelayNanos = builder.maxQueueDelayNanos;
        this.agingNanos = builder.agingNanos;
        this.nanoTime = builder.nanoTime;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Queues {@code item}; false if the queue is closed. */
    public boolean offer(E item, Priority priority, String tenant, Object batchKey) {
        Objects.requireNonNull(item, "item");
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            long start = Math.max(virtualTime, tenantEnds.getOrDefault(tenant, 0L));
            tenantEnds.put(tenant, start + 1);
            waiting.add(new Entry<>(item, priority, tenant, batchKey, nanoTime.getAsLong(), start));
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Up to {@code max} requests of {@code batchKey} that may join a running batch now (continuous batching): taken in
     * the queue's order for as long as the next request in that order has this key, so joining never lets a batch
     * overtake a request of another shape that is due first.
     */
    public List<Entry<E>> pollJoining(Object batchKey, int max) {
        lock.lock();
        try {
            List<Entry<E>> joining = new ArrayList<>();
            long now = nanoTime.getAsLong();
            while (joining.size() < max && !waiting.isEmpty()) {
                Entry<E> head = waiting.stream().min(order(now)).orElseThrow();
                if (!Objects.equals(head.batchKey(), batchKey)) {
                    break;
                }
                waiting.remove(head);
                handedOut(head);
                joining.add(head);
            }
            if (!joining.isEmpty()) {
                forgetIdleTenants();
            }
            return joining;
        } finally {
            lock.unlock();
        }
    }

    /** Removes a waiting {@code item} (cancellation); false if it is not waiting (already taken, or unknown). */
    public boolean remove(E item) {
        lock.lock();
        try {
            return waiting.removeIf(e -> e.item().equals(item));
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    /** The next batch if one is due now, without waiting. */
    public Optional<List<Entry<E>>> poll() {
        lock.lock();
        try {
            return due(nanoTime.getAsLong());
        } finally {
            lock.unlock();
        }
    }

    /** Waits until a batch is due and takes it; empty once the queue is closed. */
    public Optional<List<Entry<E>>> take() throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                long now = nanoTime.getAsLong();
                Optional<List<Entry<E>>> batch = due(now);
                if (batch.isPresent() || closed) {
                    return batch;
                }
                if (waiting.isEmpty()) {
                    changed.await();
                } else {
                    // until the head's batch is due by delay, unless a new request (which may fill it) comes first
                    changed.awaitNanos(Math.max(headDueIn(now), TimeUnit.MICROSECONDS.toNanos(100)));
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Refuses new requests and wakes takers; what is still waiting is returned for the caller to end. */
    public List<E> close() {
        lock.lock();
        try {
            closed = true;
            List<E> left = waiting.stream().map(Entry::item).toList();
            waiting.clear();
            changed.signalAll();
            return left;
        } finally {
            lock.unlock();
        }
    }

    private long headDueIn(long now) {
        List<Entry<E>> batch = headBatch(now);
        long oldest = batch.stream().mapToLong(Entry::enqueuedNanos).min().orElse(now);
        return oldest + maxQueueDelayNanos - now;
    }

    private List<Entry<E>> headBatch(long now) {
        Comparator<Entry<E>> order = order(now);
        Entry<E> head = waiting.stream().min(order).orElseThrow();
        return waiting.stream()
                .filter(e -> Objects.equals(e.batchKey(), head.batchKey()))
                .sorted(order)
                .limit(maxBatch)
                .toList();
    }

    private Optional<List<Entry<E>>> due(long now) {
        if (waiting.isEmpty()) {
            return Optional.empty();
        }
        List<Entry<E>> batch = headBatch(now);
        long oldest = batch.stream().mapToLong(Entry::enqueuedNanos).min().orElseThrow();
        if (batch.size() < maxBatch && now - oldest < maxQueueDelayNanos) {
            return Optional.empty();
        }
        waiting.removeAll(batch);
        batch.forEach(this::handedOut);
        forgetIdleTenants();
        return Optional.of(batch);
    }

    private void handedOut(Entry<E> entry) {
        virtualTime = Math.max(virtualTime, entry.virtualStart());
    }

    /**
     * Bounds the tenant ledger: a tenant whose last request ends at or before the virtual time would start at the
     * virtual time anyway, so past {@link #LEDGER_LIMIT} tenants those are forgotten.
     */
    private void forgetIdleTenants() {
        if (tenantEnds.size() > LEDGER_LIMIT) {
            tenantEnds.values().removeIf(end -> end <= virtualTime);
        }
    }

    /** Ties keep arrival order: {@code waiting} is in arrival order and min() and sorted() are stable. */
    private Comparator<Entry<E>> order(long now) {
        return Comparator.<Entry<E>>comparingInt(e -> -lane(e, now))
                .thenComparingLong(Entry::virtualStart)
                .thenComparingLong(Entry::enqueuedNanos);
    }

    /** 0 LOW, 1 NORMAL, 2 HIGH, raised one per {@code aging} waited. */
    private int lane(Entry<E> e, long now) {
        long raised = agingNanos <= 0 ? 0 : (now - e.enqueuedNanos()) / agingNanos;
        return (int) Math.min(Priority.HIGH.ordinal(), e.priority().ordinal() + raised);
    }

    /** Validates in {@link #build()}. */
    public static final class Builder {
        private int maxBatch = 4;
        private long maxQueueDelayNanos = TimeUnit.MILLISECONDS.toNanos(50);
        private long agingNanos = TimeUnit.SECONDS.toNanos(30);
        private LongSupplier nanoTime = System::nanoTime;

        private Builder() {}

        public Builder maxBatch(int value) {
            maxBatch = value;
            return this;
        }

        public Builder maxQueueDelay(long value, TimeUnit unit) {
            maxQueueDelayNanos = unit.toNanos(value);
            return this;
        }

        /** Waiting this long raises a request one lane; 0 turns aging off. */
        public Builder aging(long value, TimeUnit unit) {
            agingNanos = unit.toNanos(value);
            return this;
        }

        /** The clock, for tests. */
        public Builder nanoTime(LongSupplier value) {
            nanoTime = value;
            return this;
        }

        public <E> ServingQueue<E> build() {
            if (maxBatch < 1) {
                throw new IllegalArgumentException("max batch " + maxBatch + " must be positive");
            }
            if (maxQueueDelayNanos < 0 || agingNanos < 0) {
                throw new IllegalArgumentException("max queue delay and aging must not be negative");
            }
            return new ServingQueue<>(this);
        }
    }
}

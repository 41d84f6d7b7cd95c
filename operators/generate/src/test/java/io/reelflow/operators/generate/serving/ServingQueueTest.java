package io.reelflow.operators.generate.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelflow.schema.Priority;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ServingQueueTest {

    private final AtomicLong now = new AtomicLong();

    private ServingQueue<String> queue(int maxBatch) {
        return ServingQueue.builder().maxBatch(maxBatch)
                .maxQueueDelay(50, TimeUnit.MILLISECONDS).aging(10, TimeUnit.SECONDS)
                .nanoTime(now::get).build();
    }

    @Test
    void aBatchGoesWhenFullOrWhenItsFirstRequestHasWaitedTheMaxQueueDelay() {
        ServingQueue<String> queue = queue(3);
        queue.offer("a", Priority.NORMAL, "t", "32x32x8");
        now.addAndGet(ms(10));
        queue.offer("b", Priority.NORMAL, "t", "32x32x8");
        assertThat(queue.poll()).isEmpty();
        queue.offer("c", Priority.NORMAL, "t", "32x32x8");
        assertThat(items(queue.poll())).containsExactly("a", "b", "c");

        queue.offer("d", Priority.NORMAL, "t", "32x32x8");
        now.addAndGet(ms(49));
        assertThat(queue.poll()).isEmpty();
        now.addAndGet(ms(1));
        assertThat(items(queue.poll())).containsExactly("d");
    }

    @Test
    void requestsJoinARunningBatchOnlyWhileTheyAreNextInOrder() {
        ServingQueue<String> queue = queue(4);
        queue.offer("same-1", Priority.NORMAL, "t", "32x32x8");
        queue.offer("same-2", Priority.NORMAL, "t", "32x32x8");
        queue.offer("other", Priority.NORMAL, "t", "36x20x8");
        queue.offer("same-3", Priority.NORMAL, "t", "32x32x8");

        assertThat(queue.pollJoining("32x32x8", 3)).extracting(ServingQueue.Entry::item)
                .containsExactly("same-1", "same-2");
        assertThat(queue.pollJoining("32x32x8", 3)).as("another shape is due first").isEmpty();
        assertThat(queue.size()).isEqualTo(2);
    }

    @Test
    void incompatibleRequestsAreNeverBatchedTogether() {
        ServingQueue<String> queue = queue(4);
        queue.offer("square-1", Priority.NORMAL, "t", "32x32x8");
        queue.offer("wide-1", Priority.NORMAL, "t", "36x20x8");
        queue.offer("square-2", Priority.NORMAL, "t", "32x32x8");
        queue.offer("image-1", Priority.NORMAL, "t", "32x32x1");
        now.addAndGet(ms(60));

        List<List<String>> batches = new ArrayList<>();
        for (Optional<List<ServingQueue.Entry<String>>> b = queue.poll(); b.isPresent(); b = queue.poll()) {
            batches.add(items(b));
        }
        assertThat(batches).containsExactly(List.of("square-1", "square-2"), List.of("wide-1"), List.of("image-1"));
    }

    @Test
    void higherLanesGoFirstAndWaitingRaisesALaneSoLowIsNeverStarved() {
        ServingQueue<String> queue = queue(1);
        queue.offer("low", Priority.LOW, "t", "k");
        queue.offer("normal", Priority.NORMAL, "t", "k");
        queue.offer("high", Priority.HIGH, "t", "k");
        assertThat(items(queue.poll())).containsExactly("high");
        assertThat(items(queue.poll())).containsExactly("normal");

        queue.offer("normal-2", Priority.NORMAL, "t", "k");
        now.addAndGet(TimeUnit.SECONDS.toNanos(21)); // "low" has waited two agings: it now ranks as HIGH
        queue.offer("high-2", Priority.HIGH, "t", "k");
        assertThat(items(queue.poll())).containsExactly("low"); // tied with high-2, and it came first
        assertThat(items(queue.poll())).containsExactly("normal-2"); // raised to HIGH too, and older than high-2
        assertThat(items(queue.poll())).containsExactly("high-2");
    }

    @Test
    void withinALaneTheLeastServedTenantGoesFirstSoABulkTenantCannotStarveAnother() {
        ServingQueue<String> queue = queue(1);
        for (int i = 0; i < 20; i++) {
            queue.offer("bulk-" + i, Priority.NORMAL, "campaigns", "k");
        }
        assertThat(items(queue.poll())).containsExactly("bulk-0");
        assertThat(items(queue.poll())).containsExactly("bulk-1");
        queue.offer("interactive-0", Priority.NORMAL, "shop", "k");
        queue.offer("interactive-1", Priority.NORMAL, "shop", "k");

        List<String> order = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            order.addAll(items(queue.poll()));
        }
        // shop starts at the virtual time, ahead of the backlog, then they alternate: no credit banked
        assertThat(order).containsExactly("interactive-0", "bulk-2", "interactive-1", "bulk-3", "bulk-4", "bulk-5");
    }

    @Test
    void aTenantComingBackFromIdleGoesAheadOfABacklogWhateverItWasServedBefore() {
        ServingQueue<String> queue = queue(1);
        for (int i = 0; i < 10; i++) {
            queue.offer("shop-" + i, Priority.NORMAL, "shop", "k");
            queue.poll();
        }
        for (int i = 0; i < 5; i++) {
            queue.offer("bulk-" + i, Priority.NORMAL, "campaigns", "k");
        }
        assertThat(items(queue.poll())).containsExactly("bulk-0");
        queue.offer("shop-late", Priority.NORMAL, "shop", "k");
        assertThat(items(queue.poll())).containsExactly("bulk-1"); // level with it, and older
        assertThat(items(queue.poll())).as("10 served before it fell idle is no debt").containsExactly("shop-late");
        assertThat(items(queue.poll())).containsExactly("bulk-2");
    }

    @Test
    void tenantsArrivingBesideABacklogKeepTheirArrivalOrder() {
        ServingQueue<String> queue = queue(1);
        for (int i = 0; i < 5; i++) {
            queue.offer("bulk-" + i, Priority.NORMAL, "campaigns", "k");
        }
        assertThat(items(queue.poll())).containsExactly("bulk-0");
        queue.offer("a", Priority.NORMAL, "tenant-a", "k");
        queue.offer("b", Priority.NORMAL, "tenant-b", "k");
        queue.offer("c", Priority.NORMAL, "tenant-c", "k");

        List<String> order = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            order.addAll(items(queue.poll()));
        }
        assertThat(order).containsExactly("a", "b", "c", "bulk-1");
    }

    @Test
    void aRemovedRequestIsNeverHandedOut() {
        ServingQueue<String> queue = queue(4);
        assertThat(queue.offer("a", Priority.NORMAL, "t", "k")).isTrue();
        assertThat(queue.offer("b", Priority.NORMAL, "t", "k")).isTrue();
        assertThat(queue.remove("a")).isTrue();
        assertThat(queue.remove("a")).isFalse();
        now.addAndGet(ms(50));
        assertThat(items(queue.poll())).containsExactly("b");
        assertThat(queue.size()).isZero();
    }

    @Test
    void takeWaitsForTheMaxQueueDelayAndCloseReturnsWhatWaitsAndWakesTakers() throws Exception {
        ServingQueue<String> queue = ServingQueue.builder().maxBatch(8).maxQueueDelay(30, TimeUnit.MILLISECONDS)
                .build();
        queue.offer("a", Priority.NORMAL, "t", "k");
        long start = System.nanoTime();
        assertThat(items(queue.take())).containsExactly("a");
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(ms(25));

        CompletableFuture<Optional<List<ServingQueue.Entry<String>>>> taker = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        queue.offer("b", Priority.NORMAL, "t", "other");
        assertThat(taker.get(5, TimeUnit.SECONDS)).isPresent(); // b after its delay
        queue.offer("c", Priority.NORMAL, "t", "k");
        assertThat(queue.close()).containsExactly("c");
        assertThat(queue.take()).isEmpty();
        assertThat(queue.offer("d", Priority.NORMAL, "t", "k")).isFalse();
    }

    @Test
    void theBuilderRefusesNonsense() {
        assertThatThrownBy(() -> ServingQueue.builder().maxBatch(0).build()).hasMessageContaining("must be positive");
        assertThatThrownBy(() -> ServingQueue.builder().aging(-1, TimeUnit.SECONDS).build())
                .hasMessageContaining("must not be negative");
    }

    private static List<String> items(Optional<List<ServingQueue.Entry<String>>> batch) {
        assertThat(batch).isPresent();
        return batch.orElseThrow().stream().map(ServingQueue.Entry::item).toList();
    }

    private static long ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }
}

package io.reelflow.cli;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.infra.LocalStack;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.Priority;
import io.reelflow.schema.ResultStatus;
import io.reelflow.schema.codec.CodecException;
import io.reelflow.schema.codec.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code reelflow bench latency}: benchmarks 3 and 4 of the serving engine on the streaming job, one throw-away local
 * stack: capacity from a closed burst, then open-loop (Poisson) arrivals at fractions of it, publish to result.
 */
@Command(name = "latency", mixinStandardHelpOptions = true,
        description = {"Latency under open-loop load on a throw-away local stack, in one run:",
            "  capacity: requests/s of a burst of --burst requests;",
            "  load: Poisson arrivals at 50 % and 90 % of capacity for --seconds each, p50/p99 publish-to-result;",
            "  priority: HIGH requests at 10 % of capacity beside a LOW backlog that saturates the job;",
            "  fair share: one tenant's requests at 10 % beside another tenant's backlog of the same priority;",
            "  overload: arrivals at 150 % of capacity with a deadline, every request must end SUCCEEDED or EXPIRED.",
            "Results are committed every pipeline.checkpoint-interval (1 s here), which bounds latency from below."})
final class BenchLatencyCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--seconds", defaultValue = "40", description = "Seconds of arrivals per phase (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--burst", defaultValue = "24", description = "Requests of the capacity burst (default ${DEFAULT-VALUE}).")
    int burst;

    @Option(names = "--steps", defaultValue = "24", description = "Denoising steps per request (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--max-batch", defaultValue = "8", description = "generation.serving.max-batch (default ${DEFAULT-VALUE}).")
    int maxBatch;

    private static final String BULK_TENANT = "bulk";

    private final Map<String, Long> published = new ConcurrentHashMap<>();
    private final Map<String, GenerationResult> ended = new ConcurrentHashMap<>();
    private final Map<String, Long> endedAt = new ConcurrentHashMap<>();
    private final SingleObjectCodec<GenerationRequest> requests = SingleObjectCodec.of(GenerationRequest.class);
    private final SingleObjectCodec<GenerationResult> results = SingleObjectCodec.of(GenerationResult.class);
    private final Random random = new Random(42);
    private KafkaProducer<byte[], byte[]> producer;

    @Override
    public Integer call() throws Exception {
        ReelflowConfig cfg = config.loadOnFreePorts("pipeline.checkpoint-interval=1s",
                "generation.serving.max-batch=" + maxBatch,
                "tenants.known=[{id: demo, input-buckets: [], visible-mark: null},"
                        + " {id: " + BULK_TENANT + ", input-buckets: [], visible-mark: null}]");
        Path dataDir = Path.of(cfg.local().dataDir()).resolve("bench-latency");
        DemoRequests.deleteRecursively(dataDir);
        Thread reader = null;
        try (LocalStack stack = LocalStack.start(cfg, dataDir)) {
            ReelflowConfig running = stack.config();
            KafkaConsumer<byte[], byte[]> consumer = KafkaIo.reader(running.kafka(),
                    List.of(running.kafka().topics().results()), false);
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    running.kafka().bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, "0"),
                    new ByteArraySerializer(), new ByteArraySerializer());
            reader = new Thread(() -> read(consumer), "bench-results");
            reader.setDaemon(true);
            reader.start();

            List<String> warm = publish(running, "warm", 2, Priority.NORMAL, null);
            await(warm, Duration.ofMinutes(5));
            long started = System.nanoTime();
            List<String> burstIds = publish(running, "burst", burst, Priority.NORMAL, null);
            await(burstIds, Duration.ofMinutes(20));
            double capacity = burst / ((lastEnd(burstIds) - started) / 1e9);
            System.out.printf(Locale.ROOT, "capacity: %.3f req/s (burst of %d, %d steps, max batch %d)%n", capacity,
                    burst, steps, maxBatch);

            for (double load : new double[] {0.5, 0.9}) {
                List<String> ids = openLoop(running, "load" + (int) (load * 100), load * capacity, Priority.NORMAL,
                        null);
                await(ids, Duration.ofMinutes(20));
                System.out.printf(Locale.ROOT, "load %.0f %%: %d requests, latency p50 %.2f s, p99 %.2f s%s%n",
                        load * 100, ids.size(), percentile(ids, 0.5), percentile(ids, 0.99), stages(ids));
            }

            List<String> backlog = publish(running, "low", (int) Math.ceil(capacity * seconds * 1.2), Priority.LOW,
                    null);
            List<String> high = openLoop(running, "high", 0.1 * capacity, Priority.HIGH, null);
            await(high, Duration.ofMinutes(20));
            System.out.printf(Locale.ROOT, "priority: HIGH at 10 %% beside %d LOW: HIGH p50 %.2f s, p99 %.2f s%s%n",
                    backlog.size(), percentile(high, 0.5), percentile(high, 0.99), stages(high));
            await(backlog, Duration.ofMinutes(30));

            List<String> bulk = publish(running, BULK_TENANT, "bulk", (int) Math.ceil(capacity * seconds * 1.2),
                    Priority.NORMAL, null);
            List<String> interactive = openLoop(running, "demo", "fair", 0.1 * capacity, Priority.NORMAL, null);
            await(interactive, Duration.ofMinutes(20));
            System.out.printf(Locale.ROOT, "fair share: tenant demo at 10 %% beside %d of tenant %s, same priority:"
                    + " demo p50 %.2f s, p99 %.2f s%s%n", bulk.size(), BULK_TENANT, percentile(interactive, 0.5),
                    percentile(interactive, 0.99), stages(interactive));
            await(bulk, Duration.ofMinutes(30));

            Runtime heap = Runtime.getRuntime();
            long heapBefore = heap.totalMemory() - heap.freeMemory();
            Duration deadline = Duration.ofSeconds(Math.max(5, seconds / 8)); // shorter than the backlog built
            List<String> overload = openLoop(running, "over", 1.5 * capacity, Priority.NORMAL, deadline);
            long heapAfter = heap.totalMemory() - heap.freeMemory();
            await(overload, Duration.ofMinutes(30));
            long succeeded = overload.stream().filter(id -> ended.get(id).getStatus() == ResultStatus.SUCCEEDED).count();
            long expired = overload.stream().filter(id -> ended.get(id).getStatus() == ResultStatus.EXPIRED).count();
            System.out.printf(Locale.ROOT, "overload 150 %%: %d requests, %d SUCCEEDED, %d EXPIRED (deadline %d s),"
                    + " %d other; job %s; heap in use %d MB before, %d MB at the end of arrivals%n",
                    overload.size(), succeeded, expired, deadline.toSeconds(), overload.size() - succeeded - expired,
                    stack.jobStatus(), heapBefore >> 20, heapAfter >> 20);
            return overload.size() == succeeded + expired ? 0 : 1;
        } finally {
            if (producer != null) {
                producer.close();
            }
            if (reader != null) {
                reader.interrupt();
                reader.join(5_000);
            }
        }
    }

    /** Poisson arrivals at {@code rate} per second for {@link #seconds}. */
    private List<String> openLoop(ReelflowConfig running, String prefix, double rate, Priority priority,
            Duration deadline) throws Exception {
        return openLoop(running, "demo", prefix, rate, priority, deadline);
    }

    private List<String> openLoop(ReelflowConfig running, String tenant, String prefix, double rate,
            Priority priority, Duration deadline) throws Exception {
        List<String> ids = new ArrayList<>();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long next = System.nanoTime();
        while (next < end) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            ids.addAll(publish(running, tenant, prefix + "-" + ids.size(), 1, priority, deadline));
            next += (long) (-Math.log(1 - random.nextDouble()) / rate * 1e9);
        }
        return ids;
    }

    private List<String> publish(ReelflowConfig running, String prefix, int count, Priority priority,
            Duration deadline) throws Exception {
        return publish(running, "demo", prefix, count, priority, deadline);
    }

    private List<String> publish(ReelflowConfig running, String tenant, String prefix, int count, Priority priority,
            Duration deadline) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = count == 1 ? prefix : prefix + "-" + i;
            GenerationRequest.Builder request = BenchServingCommand.workload(id, steps).setTenantId(tenant)
                    .setPrompt("a red circle moving right on a blue background").setSeed((long) id.hashCode())
                    .setPriority(priority);
            if (deadline != null) {
                request.setDeadline(Instant.now().plus(deadline));
            }
            published.put(id, System.nanoTime());
            producer.send(new ProducerRecord<>(running.kafka().topics().requests(),
                    id.getBytes(StandardCharsets.UTF_8), requests.encode(request.build()))).get();
            ids.add(id);
        }
        return ids;
    }

    /** Records when each result arrives, until interrupted; owns (and closes) the consumer. */
    private void read(KafkaConsumer<byte[], byte[]> consumer) {
        try (consumer) {
            readUntilInterrupted(consumer);
        } catch (org.apache.kafka.common.errors.InterruptException stopped) {
            // the benchmark is over
        }
    }

    private void readUntilInterrupted(KafkaConsumer<byte[], byte[]> consumer) {
        while (!Thread.currentThread().isInterrupted()) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                try {
                    GenerationResult result = results.decode(record.value());
                    endedAt.putIfAbsent(result.getRequestId(), System.nanoTime());
                    ended.putIfAbsent(result.getRequestId(), result);
                } catch (CodecException e) {
                    System.err.println("undecodable result: " + e.getMessage());
                }
            }
        }
    }

    private void await(List<String> ids, Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (!ended.keySet().containsAll(ids)) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("results missing after " + timeout);
            }
            Thread.sleep(100);
        }
    }

    private long lastEnd(List<String> ids) {
        return ids.stream().mapToLong(endedAt::get).max().orElseThrow();
    }

    /** Medians of the time waiting for a device (queue) and sampling, from the results' timings. */
    private String stages(List<String> ids) {
        return String.format(Locale.ROOT, " (medians: queue %.2f s, sample %.2f s)", median(ids, "queue"),
                median(ids, "sample"));
    }

    private double median(List<String> ids, String stage) {
        List<Long> millis = new ArrayList<>();
        for (String id : ids) {
            millis.add(ended.get(id).getTimingsMs().getOrDefault(stage, 0L));
        }
        Collections.sort(millis);
        return millis.get(millis.size() / 2) / 1e3;
    }

    private double percentile(List<String> ids, double q) {
        List<Double> latencies = new ArrayList<>();
        for (String id : ids) {
            latencies.add((endedAt.get(id) - published.get(id)) / 1e9);
        }
        Collections.sort(latencies);
        return latencies.get((int) Math.min(latencies.size() - 1, Math.floor(q * latencies.size())));
    }
}

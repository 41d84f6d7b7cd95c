package io.reelflow.cli;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.infra.LocalRuntime;
import io.reelflow.infra.S3Checkpoints;
import io.reelflow.infra.cluster.ClusterJobs;
import io.reelflow.infra.cluster.ClusterProcess;
import io.reelflow.infra.cluster.ClusterRest;
import io.reelflow.infra.cluster.ClusterSpec;
import io.reelflow.infra.cluster.StandaloneCluster;
import io.reelflow.infra.local.LocalKeys;
import io.reelflow.infra.local.LocalServers;
import io.reelflow.operators.decode.DecodedRequest;
import io.reelflow.pipeline.SourceRef;
import io.reelflow.pipeline.Trace;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ResultStatus;
import io.reelflow.schema.codec.CodecException;
import io.reelflow.schema.codec.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
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
 * {@code reelflow bench scaling}: the streaming job on a standalone cluster of one TaskManager and of two (one slot
 * each, one PyTorch thread each), alternating in one run, on the same burst of requests.
 */
@Command(name = "scaling", mixinStandardHelpOptions = true,
        description = {"Throughput of the streaming job on a standalone cluster of 1 and of 2 TaskManagers (1 slot and 1",
            "PyTorch thread each, OMP_NUM_THREADS=1), alternating 1, 2, 1, 2, ... in one run on the same burst of",
            "requests (the serving benchmark's workload: text to video, 320x180, 1 s). Kafka and S3 run alone here",
            "(LocalServers); each run starts its own cluster and topics, warms every TaskManager up, then publishes",
            "the burst at once. Throughput = burst / (publish to the last request's completed_at).",
            "Prints each run, then scaling_2tm_vs_1tm=<median over rounds of 2-TM / 1-TM throughput>."})
final class BenchScalingCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--requests", defaultValue = "24", description = "Requests per run, a multiple of 2 (default ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--rounds", defaultValue = "3", description = "Rounds of a 1-TM and a 2-TM run (default ${DEFAULT-VALUE}).")
    int rounds;

    // 4x the serving benchmark's 24: on 2 shared cores everything after sampling (gate 3, watermark, encode, store,
    // Kafka, checkpoints, JIT) runs on the cores the samplers use, about 0.35 CPU-s per request; at 24 steps that is
    // 40 % of sampling, and the benchmark would measure the machine, not the platform (docs/BENCHMARKS.md).
    @Option(names = "--steps", defaultValue = "96", description = "Denoising steps per request (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warm-up-batches", defaultValue = "3",
            description = "Batches of warm-up requests per TaskManager before the burst: model load, first batch and"
                    + " most of the JIT compiler's work (default ${DEFAULT-VALUE}).")
    int warmUpBatches;

    @Option(names = "--pin", description = "Run TaskManager K under `taskset` on core K-1 (its JVM threads too).")
    boolean pin;

    private static final int[] TASK_MANAGERS = {1, 2};
    private static final Duration RESULTS_TIMEOUT = Duration.ofMinutes(20);
    private static final String GENERATE_VERTEX = "generate";
    private static final String TM_ROLE = "tm.";

    /** The cluster running now, stopped by a shutdown hook if the benchmark is interrupted (Ctrl-C). */
    private volatile Path liveCluster;
    private final SingleObjectCodec<GenerationRequest> requestCodec = SingleObjectCodec.of(GenerationRequest.class);
    private final SingleObjectCodec<GenerationResult> resultCodec = SingleObjectCodec.of(GenerationResult.class);

    /** One run's figures. */
    private record Run(int round, int taskManagers, double seconds, double throughput, List<Long> split,
            Map<String, Long> stageMillis, long storedBytes, ClusterRest.Checkpoints checkpoints,
            Map<String, Double> cpuSeconds) {}

    /** The stages of a result's timings, in pipeline order. */
    private static final List<String> STAGES = List.of("decode", "moderate", "moderate_input", "queue", "sample",
            "moderate_output", "watermark", "encode", "sign", "store");

    @Override
    public Integer call() throws Exception {
        if (requests < 2 || requests % 2 != 0 || rounds < 1 || warmUpBatches < 1) {
            throw new IllegalArgumentException("--requests must be an even number >= 2, --rounds and --warm-up-batches"
                    + " >= 1");
        }
        ReelflowConfig base = config.loadOnFreePorts();
        LocalRuntime.prepare(Path.of(base.local().dataDir()).resolve("cache"));
        Path dataDir = Path.of(base.local().dataDir()).resolve("bench-scaling").toAbsolutePath();
        DemoRequests.deleteRecursively(dataDir);
        int maxBatch = base.generation().serving().maxBatch();
        System.out.printf(Locale.ROOT, "workload: %d text-to-video requests of 320x180, 1 s, %d steps; max batch %d;"
                + " warm-up: %d requests per TaskManager; checkpoints every %s; %s; %d cores%n", requests, steps,
                maxBatch, warmUpBatches * maxBatch, base.pipeline().checkpointInterval(),
                pin ? "TaskManagers pinned to a core each" : "TaskManagers not pinned",
                Runtime.getRuntime().availableProcessors());
        List<Run> runs = new ArrayList<>();
        Thread stopOnExit = new Thread(this::stopLiveCluster, "bench-scaling-cluster-down");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try (LocalServers servers = LocalServers.start(base, dataDir)) {
            for (int round = 1; round <= rounds; round++) {
                for (int taskManagers : TASK_MANAGERS) {
                    Run run = run(servers, dataDir, round, taskManagers, maxBatch);
                    runs.add(run);
                    print(run);
                }
            }
        } finally {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        }
        List<Double> ratios = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            ratios.add(throughput(runs, round, 2) / throughput(runs, round, 1));
        }
        double one = ScalingFigures.median(runs.stream().filter(r -> r.taskManagers() == 1).map(Run::throughput).toList());
        double two = ScalingFigures.median(runs.stream().filter(r -> r.taskManagers() == 2).map(Run::throughput).toList());
        System.out.printf(Locale.ROOT, "ratios_by_round=%s%n", ratios.stream()
                .map(r -> String.format(Locale.ROOT, "%.3f", r)).collect(Collectors.joining(",")));
        System.out.printf(Locale.ROOT, "throughput_1tm=%.3f throughput_2tm=%.3f (req/s, medians)%n", one, two);
        System.out.printf(Locale.ROOT, "per_slot_1tm=%.3f per_slot_2tm=%.3f (req/s)%n", one, two / 2);
        System.out.printf(Locale.ROOT, "scaling_2tm_vs_1tm=%.3f%n", ScalingFigures.median(ratios));
        return 0;
    }

    private static double throughput(List<Run> runs, int round, int taskManagers) {
        return runs.stream().filter(r -> r.round() == round && r.taskManagers() == taskManagers).findFirst()
                .orElseThrow().throughput();
    }

    /** A cluster of {@code taskManagers}, its own topics, a warm-up batch per TaskManager, then the burst. */
    private Run run(LocalServers servers, Path dataDir, int round, int taskManagers, int maxBatch) throws Exception {
        String name = "r" + round + "-" + taskManagers + "tm";
        String requestsTopic = "bench-scaling." + name + ".requests";
        String resultsTopic = "bench-scaling." + name + ".results";
        servers.kafka().createTopics(List.of(requestsTopic, resultsTopic));
        ReelflowConfig running = servers.config();
        ReelflowConfig cfg = LocalKeys.ensure(config.load(
                "kafka.bootstrap-servers=" + running.kafka().bootstrapServers(),
                "storage.endpoint=" + running.storage().endpoint(),
                "kafka.topics.requests=" + requestsTopic,
                "kafka.topics.results=" + resultsTopic,
                "kafka.consumer-group=bench-scaling-" + name,
                "kafka.transactional-id-prefix=bench-scaling-" + name,
                "pipeline.parallelism=" + taskManagers));
        Path clusterDir = dataDir.resolve("cluster-" + name);
        ClusterSpec spec = ClusterSpec.builder().taskManagers(taskManagers).slotsPerTaskManager(1).modelThreads(1)
                .pinTaskManagers(pin).dataDir(clusterDir).restPort(0).prometheusPorts(cfg.local().prometheusPorts())
                .classpath(ClusterCommand.ownClasspath()).jvmFlags(ClusterCommand.Up.modulesOpened())
                .javaOpts(ClusterCommand.Up.nativeCaches()).checkpoints(S3Checkpoints.of(cfg, S3Checkpoints.CLUSTER)).build();
        long started = System.nanoTime();
        liveCluster = clusterDir;
        StandaloneCluster cluster = StandaloneCluster.start(spec);
        System.err.printf(Locale.ROOT, "%s: cluster up in %.0f s%n", name, since(started));
        try (KafkaConsumer<byte[], byte[]> results = KafkaIo.reader(cfg.kafka(), List.of(resultsTopic), true);
                KafkaProducer<byte[], byte[]> producer = producer(cfg)) {
            ClusterRest rest = new ClusterRest(cluster.restUrl());
            String job = ClusterJobs.submitStreaming(cluster.restUrl(), cfg, Optional.empty()).toString();
            List<String> warm = ScalingFigures.evenIds(name + "-warm", warmUpBatches * maxBatch, taskManagers,
                    BenchScalingCommand::dedupKey);
            publish(producer, requestsTopic, warm);
            await(results, Set.copyOf(warm));
            System.err.printf(Locale.ROOT, "%s: job running and warm at %.0f s%n", name, since(started));

            Map<String, Double> cpuBefore = cpu(cluster);
            ClusterRest.Checkpoints checkpointsBefore = rest.checkpoints(job);
            List<String> burst = ScalingFigures.evenIds(name, requests / taskManagers, taskManagers,
                    BenchScalingCommand::dedupKey);
            long published = System.currentTimeMillis();
            publish(producer, requestsTopic, burst);
            Map<String, GenerationResult> ended = await(results, Set.copyOf(burst));
            System.err.printf(Locale.ROOT, "%s: burst read back at %.0f s%n", name, since(started));
            Map<String, Double> cpuAfter = cpu(cluster);
            ClusterRest.Checkpoints checkpointsAfter = rest.checkpoints(job);

            List<Long> completed = ended.values().stream().map(r -> r.getCompletedAt().toEpochMilli()).toList();
            double throughput = ScalingFigures.throughput(requests, published, completed);
            Map<String, Double> cpuSeconds = new LinkedHashMap<>();
            cpuAfter.forEach((key, after) -> cpuSeconds.put(key, after - cpuBefore.getOrDefault(key, 0.0)));
            List<Long> split = burstSplit(rest, job, warm.size() + requests, warm.size() / taskManagers);
            rest.cancel(job);
            awaitCanceled(rest, job);
            long storedBytes = Math.round(ScalingFigures.median(ended.values().stream().map(r -> (double) r.getAssets()
                    .stream().mapToLong(a -> a.getBytes()).sum()).toList()));
            return new Run(round, taskManagers, requests / throughput, throughput, split, stageMedians(ended.values()),
                    storedBytes, new ClusterRest.Checkpoints(checkpointsAfter.completed() - checkpointsBefore.completed(),
                            checkpointsAfter.failed() - checkpointsBefore.failed(),
                            checkpointsAfter.meanDurationMillis(), checkpointsAfter.meanSizeBytes()), cpuSeconds);
        } finally {
            StandaloneCluster.stop(clusterDir, Duration.ofSeconds(20));
            liveCluster = null;
            System.err.printf(Locale.ROOT, "%s: cluster down at %.0f s%n", name, since(started));
        }
    }

    private void stopLiveCluster() {
        Path dir = liveCluster;
        if (dir != null) {
            try {
                StandaloneCluster.stop(dir, Duration.ofSeconds(5));
            } catch (Exception e) {
                System.err.println("could not stop the cluster under " + dir + ": " + e);
            }
        }
    }

    private static double since(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private void print(Run run) {
        Map<String, Double> processes = new LinkedHashMap<>();
        Map<String, Double> tmThreads = new LinkedHashMap<>();
        run.cpuSeconds().forEach((key, seconds) -> (key.startsWith(TM_ROLE) ? tmThreads : processes)
                .put(key.replace(TM_ROLE, ""), seconds));
        double tmTotal = processes.entrySet().stream().filter(e -> e.getKey().startsWith("taskmanager"))
                .mapToDouble(Map.Entry::getValue).sum();
        tmThreads.put("other", tmTotal - tmThreads.values().stream().mapToDouble(Double::doubleValue).sum());
        String cpu = format(processes, 1) + " | TaskManager threads per request: " + format(tmThreads.entrySet()
                .stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue() / requests, (a, b) -> a,
                        LinkedHashMap::new)), 3);
        double busy = processes.values().stream().mapToDouble(Double::doubleValue).sum() / run.seconds();
        String stages = run.stageMillis().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
        System.out.printf(Locale.ROOT, "round=%d taskmanagers=%d seconds=%.2f throughput=%.3f per_slot=%.3f split=%s%n"
                + "  stage_ms_median: %s stored_bytes_median=%d%n"
                + "  checkpoints in the burst: %d completed, %d failed; mean of the job's: %d ms, %d bytes%n"
                + "  cpu_s: %s cores_busy=%.2f%n",
                run.round(), run.taskManagers(), run.seconds(), run.throughput(),
                run.throughput() / run.taskManagers(),
                run.split().stream().map(String::valueOf).collect(Collectors.joining("/")), stages, run.storedBytes(),
                run.checkpoints().completed(), run.checkpoints().failed(), run.checkpoints().meanDurationMillis(),
                run.checkpoints().meanSizeBytes(), cpu, busy);
    }

    private static String format(Map<String, Double> seconds, int decimals) {
        return seconds.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s=%." + decimals + "f", e.getKey(),
                e.getValue())).collect(Collectors.joining(" "));
    }

    /** The key the job's dedup keyBy uses, so ids can be chosen that spread evenly over its subtasks. */
    private static String dedupKey(String id) {
        GenerationRequest request = BenchServingCommand.workload(id, 1).setPrompt("").build();
        return new DecodedRequest(Trace.accepted(request, new SourceRef("bench", 0, 0), 0L), null).dedupKey();
    }

    private void publish(KafkaProducer<byte[], byte[]> producer, String topic, List<String> ids) throws Exception {
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            GenerationRequest request = BenchServingCommand.workload(ids.get(i), steps)
                    .setPrompt(prompt(i)).setSeed((long) i).build();
            sent.add(producer.send(new ProducerRecord<>(topic, ids.get(i).getBytes(StandardCharsets.UTF_8),
                    requestCodec.encode(request))));
        }
        for (java.util.concurrent.Future<?> future : sent) {
            future.get();
        }
    }

    private static String prompt(int index) {
        String[] colours = {"red", "blue", "green", "yellow"};
        String[] shapes = {"circle", "square", "triangle"};
        return "a " + colours[index % colours.length] + " " + shapes[index % shapes.length] + " moving right";
    }

    /** Reads results until every one of {@code ids} has ended SUCCEEDED; fails on any other status. */
    private Map<String, GenerationResult> await(KafkaConsumer<byte[], byte[]> consumer, Set<String> ids) {
        Map<String, GenerationResult> ended = new HashMap<>();
        boolean done = KafkaIo.pollUntil(consumer, RESULTS_TIMEOUT, (ConsumerRecord<byte[], byte[]> record) -> {
            GenerationResult result;
            try {
                result = resultCodec.decode(record.value());
            } catch (CodecException e) {
                throw new IllegalStateException("undecodable result", e);
            }
            if (ids.contains(result.getRequestId())) {
                if (result.getStatus() != ResultStatus.SUCCEEDED) {
                    throw new IllegalStateException("benchmark request " + result.getRequestId() + " ended "
                            + result.getStatus() + ": " + result.getErrorMessage());
                }
                ended.put(result.getRequestId(), result);
            }
            return ended.size() == ids.size();
        });
        if (!done) {
            throw new IllegalStateException("only " + ended.size() + " of " + ids.size() + " results within "
                    + RESULTS_TIMEOUT);
        }
        return ended;
    }

    /**
     * Burst requests each generate subtask read, from the REST API (warm-up subtracted); the metrics there lag by up
     * to Flink's metric fetch interval, so it waits until they add up.
     */
    private static List<Long> burstSplit(ClusterRest rest, String job, long expected, int warmPerSubtask)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<Long> read = List.of();
        while (System.nanoTime() < deadline) {
            read = rest.subtaskRecordsIn(job, GENERATE_VERTEX);
            if (read.stream().mapToLong(Long::longValue).sum() >= expected) {
                break;
            }
            Thread.sleep(1000);
        }
        return read.stream().map(n -> n - warmPerSubtask).toList();
    }

    private static void awaitCanceled(ClusterRest rest, String job) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (rest.jobs().stream().anyMatch(j -> j.id().equals(job) && j.state().equals("CANCELED"))) {
                return;
            }
            Thread.sleep(500);
        }
    }

    /**
     * CPU time so far of every process on the machine's side of the benchmark: each cluster JVM, the broker (this
     * JVM's other child) and this JVM, which runs the S3 server, the producer and the result reader.
     */
    private static Map<String, Double> cpu(StandaloneCluster cluster) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        Set<Long> clusterPids = cluster.processes().stream().map(ClusterProcess::pid).collect(Collectors.toSet());
        for (ClusterProcess process : cluster.processes()) {
            process.handle().ifPresent(h -> cpu.put(process.name(), cpuOf(h)));
        }
        ProcessHandle.current().children().filter(h -> !clusterPids.contains(h.pid()))
                .forEach(h -> cpu.merge("broker", cpuOf(h), Double::sum));
        cpu.put("bench+s3", cpuOf(ProcessHandle.current()));
        // The TaskManagers' threads by role, summed over them (keys "tm.<role>").
        for (ClusterProcess process : cluster.processes()) {
            if (!process.name().equals("jobmanager")) {
                ThreadCpu.byRole(process.pid()).forEach((role, s) -> cpu.merge(TM_ROLE + role, s, Double::sum));
            }
        }
        return cpu;
    }

    private static double cpuOf(ProcessHandle process) {
        return process.info().totalCpuDuration().orElse(Duration.ZERO).toMillis() / 1000.0;
    }

    /** Median milliseconds per stage over the burst's results. */
    private static Map<String, Long> stageMedians(java.util.Collection<GenerationResult> results) {
        Map<String, Long> medians = new LinkedHashMap<>();
        for (String stage : STAGES) {
            medians.put(stage, Math.round(ScalingFigures.median(results.stream()
                    .map(r -> (double) r.getTimingsMs().getOrDefault(stage, 0L)).toList())));
        }
        return medians;
    }

    private static KafkaProducer<byte[], byte[]> producer(ReelflowConfig cfg) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cfg.kafka().bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, "0"), new ByteArraySerializer(), new ByteArraySerializer());
    }
}

package io.reelflow.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.infra.LocalStack;
import io.reelflow.model.ModelCatalog;
import io.reelflow.operators.generate.Denoiser;
import io.reelflow.operators.generate.GenerateOutcome;
import io.reelflow.operators.generate.GenerationEngine;
import io.reelflow.operators.generate.GenerationModel;
import io.reelflow.operators.generate.ModelRegistry;
import io.reelflow.operators.generate.NativeFormat;
import io.reelflow.operators.generate.Sampler;
import io.reelflow.operators.generate.SamplingSettings;
import io.reelflow.operators.generate.TextConditioning;
import io.reelflow.operators.generate.internal.ClipSampler;
import io.reelflow.operators.generate.internal.SamplingLoop;
import io.reelflow.operators.generate.internal.SpacetimeDitArchitecture;
import io.reelflow.operators.generate.internal.Timeline;
import io.reelflow.pipeline.SourceRef;
import io.reelflow.pipeline.Trace;
import io.reelflow.schema.GenerationMode;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ResultStatus;
import io.reelflow.schema.codec.CodecException;
import io.reelflow.schema.codec.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code reelflow bench serving}: benchmarks 1 and 2 of the serving engine on one workload (text to video, 320x180,
 * 1 s: one 8-frame window per request), measured side by side in one run.
 */
@Command(name = "serving", mixinStandardHelpOptions = true,
        description = {"Serving benchmarks on one workload, side by side:",
            "  bare loop: the sampling loop alone over stacked requests, per batch size;",
            "  naive: one request at a time, the whole request (text, noise, loop, pixels) as one async call would;",
            "  engine: the serving engine at each max batch size (all requests submitted at once);",
            "  job: the streaming job on a throw-away local stack (Kafka in, generate, watermark, encode, store).",
            "Prints batching_gain=<engine at best batch / engine at batch 1> and",
            "pipeline_efficiency=<job throughput / bare loop throughput at the job's batch size>."})
final class BenchServingCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--requests", defaultValue = "32", description = "Requests per case (default ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--steps", defaultValue = "24", description = "Denoising steps per request (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batches", defaultValue = "1,2,4,8", split = ",",
            description = "Batch sizes to compare (default ${DEFAULT-VALUE}).")
    List<Integer> batches;

    @Option(names = "--skip-job", description = "Measure in process only (no local stack).")
    boolean skipJob;

    // A small output keeps encoding cheap, so generation dominates (the condition for pipeline efficiency).
    private static final int WIDTH = 320;
    private static final int HEIGHT = 180;
    private static final double SECONDS = 1.0;

    @Override
    public Integer call() throws Exception {
        ReelflowConfig base = config.load();
        GenerationModel model = ModelRegistry.shared().find(ModelCatalog.of(base), base.generation().defaultModel(),
                Device.cpu()).orElseThrow();
        NativeFormat format = model.videoFormat(WIDTH, HEIGHT, SECONDS);
        System.out.printf(Locale.ROOT, "workload: %d text-to-video requests, %dx%d %.0f s -> native %dx%dx%d, %d steps,"
                + " model %s %s; %d cores%n", requests, WIDTH, HEIGHT, SECONDS, format.width(), format.height(),
                format.frames(), steps, model.manifest().id(), model.manifest().version(),
                Runtime.getRuntime().availableProcessors());

        Map<Integer, Double> bare = new HashMap<>();
        Map<Integer, Double> engine = new HashMap<>();
        onOwnThread(manager -> bareLoop(model, format, manager, 1, 2)); // warm-up
        double naive = onOwnThread(manager -> naive(model, format, manager));
        for (int batch : batches) {
            bare.put(batch, onOwnThread(manager -> bareLoop(model, format, manager, batch, requests)));
            engine.put(batch, engine(batch, true, false));
        }
        int best = batches.stream().max((a, b) -> Double.compare(engine.get(a), engine.get(b))).orElseThrow();
        System.out.println("| batch | bare loop req/s | engine req/s | engine / bare |");
        System.out.println("|---|---|---|---|");
        for (int batch : batches) {
            System.out.printf(Locale.ROOT, "| %d | %.3f | %.3f | %.3f |%n", batch, bare.get(batch), engine.get(batch),
                    engine.get(batch) / bare.get(batch));
        }
        System.out.printf(Locale.ROOT, "naive (one request per call, batch 1): %.3f req/s%n", naive);
        System.out.printf(Locale.ROOT, "batching_gain=%.3f%n", engine.get(best) / engine.get(1));
        System.out.printf(Locale.ROOT, "batching_gain_vs_naive=%.3f%n", engine.get(best) / naive);
        double joining = engine(best, true, true);
        double stat = engine(best, false, true);
        System.out.printf(Locale.ROOT, "mixed step counts (%d and %d) at max batch %d: continuous %.3f req/s, static"
                + " %.3f req/s%n", steps, steps / 2, best, joining, stat);
        System.out.printf(Locale.ROOT, "continuous_batching_gain=%.3f%n", joining / stat);
        if (!skipJob) {
            double job = job(best);
            System.out.printf(Locale.ROOT, "job at max batch %d: %.3f req/s%n", best, job);
            System.out.printf(Locale.ROOT, "pipeline_efficiency=%.3f%n", job / bare.get(best));
        }
        return 0;
    }

    /**
     * Runs {@code work} on a fresh thread with its own manager, as the engine's workers sample. (On the CLI's main
     * thread PyTorch ran batch-1 sampling 20-90 times slower here, for a reason not yet found.)
     */
    private static double onOwnThread(java.util.function.ToDoubleFunction<NDManager> work) throws Exception {
        java.util.concurrent.ExecutorService thread = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            return thread.submit(() -> {
                try (NDManager manager = NDManager.newBaseManager(Device.cpu(), SpacetimeDitArchitecture.ENGINE)) {
                    return work.applyAsDouble(manager);
                }
            }).get();
        } finally {
            thread.shutdown();
        }
    }

    /** Requests per second of the bare sampling loop over {@code batch} stacked requests at a time. */
    private double bareLoop(GenerationModel model, NativeFormat format, NDManager parent, int batch, int count) {
        Sampler sampler = model.sampler(model.manifest().defaultSampler()).orElseThrow();
        double guidance = model.manifest().defaults().guidance();
        long started = System.nanoTime();
        for (int done = 0; done < count; done += batch) {
            int size = Math.min(batch, count - done);
            try (NDManager manager = parent.newSubManager()) {
                List<String> prompts = new ArrayList<>();
                for (int i = 0; i < 2 * size; i++) {
                    prompts.add(i < size ? "" : prompt(done + i - size));
                }
                TextConditioning text = model.textEncoder().encode(manager, prompts);
                NDArray noise = manager.randomNormal(new Shape(size, format.frames(), format.height(), format.width(), 3));
                SamplingSettings settings = new SamplingSettings(sampler.name(), steps, guidance, 1, 1, "", "");
                Denoiser denoiser = model.denoiser();
                if (denoiser.takesKnownFrames()) {
                    denoiser = denoiser.withKnownFrames(manager.zeros(new Shape(size, format.frames())));
                }
                SamplingLoop.sample(denoiser, sampler.start(settings, denoiser.prediction()), noise, text, guidance)
                        .toFloatArray();
            }
        }
        return count / seconds(started);
    }

    /** Requests per second sampling one whole request at a time on one thread. */
    private double naive(GenerationModel model, NativeFormat format, NDManager manager) {
        Sampler sampler = model.sampler(model.manifest().defaultSampler()).orElseThrow();
        long started = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            SamplingSettings settings = new SamplingSettings(sampler.name(), steps,
                    model.manifest().defaults().guidance(), 1, i, prompt(i), "");
            ClipSampler.sample(model, sampler, settings, Timeline.empty(format.width(), format.height(),
                    format.frames()), manager);
        }
        return requests / seconds(started);
    }

    /**
     * Requests per second through a serving engine of max batch {@code batch}, all submitted at once; with
     * {@code mixed}, every other request takes half the steps.
     */
    private double engine(int batch, boolean continuous, boolean mixed) throws Exception {
        try (GenerationEngine engine = GenerationEngine.builder().config(config.load(
                "generation.serving.max-batch=" + batch, "generation.serving.continuous-batching=" + continuous))
                .build()) {
            engine.submit(trace(request("warm", 0))).get();
            long started = System.nanoTime();
            List<CompletableFuture<GenerateOutcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                GenerationRequest request = request("engine-" + batch + "-" + i, i);
                if (mixed && i % 2 == 1) {
                    request.setSteps(Math.max(1, steps / 2));
                }
                outcomes.add(engine.submit(trace(request)));
            }
            for (CompletableFuture<GenerateOutcome> outcome : outcomes) {
                if (!(outcome.get(30, TimeUnit.MINUTES) instanceof GenerateOutcome.Generated)) {
                    throw new IllegalStateException("a benchmark request did not generate: " + outcome.get());
                }
            }
            return requests / seconds(started);
        }
    }

    /** Requests per second through the streaming job: first publish to the last result committed. */
    private double job(int batch) throws Exception {
        ReelflowConfig cfg = config.loadOnFreePorts("pipeline.checkpoint-interval=1s",
                "generation.serving.max-batch=" + batch);
        Path dataDir = Path.of(cfg.local().dataDir()).resolve("bench-serving");
        DemoRequests.deleteRecursively(dataDir);
        try (LocalStack stack = LocalStack.start(cfg, dataDir)) {
            ReelflowConfig running = stack.config();
            SingleObjectCodec<GenerationRequest> requestCodec = SingleObjectCodec.of(GenerationRequest.class);
            SingleObjectCodec<GenerationResult> resultCodec = SingleObjectCodec.of(GenerationResult.class);
            String topic = running.kafka().topics().results();
            try (KafkaConsumer<byte[], byte[]> results = KafkaIo.reader(running.kafka(), List.of(topic), false)) {
                KafkaIo.send(running.kafka(), running.kafka().topics().requests(), key("job-warm"),
                        requestCodec.encode(request("job-warm", 0)));
                awaitResults(results, resultCodec, 1);
                long started = System.nanoTime();
                for (int i = 0; i < requests; i++) {
                    String id = "job-" + i;
                    KafkaIo.send(running.kafka(), running.kafka().topics().requests(), key(id),
                            requestCodec.encode(request(id, i)));
                }
                awaitResults(results, resultCodec, requests);
                return requests / seconds(started);
            }
        }
    }

    private static void awaitResults(KafkaConsumer<byte[], byte[]> consumer, SingleObjectCodec<GenerationResult> codec,
            int count) {
        int[] seen = {0};
        boolean done = KafkaIo.pollUntil(consumer, Duration.ofMinutes(20), record -> {
            try {
                GenerationResult result = codec.decode(record.value());
                if (result.getStatus() != ResultStatus.SUCCEEDED) {
                    throw new IllegalStateException("a benchmark request ended " + result.getStatus() + ": "
                            + result.getErrorMessage());
                }
            } catch (CodecException e) {
                throw new IllegalStateException(e);
            }
            return ++seen[0] >= count;
        });
        if (!done) {
            throw new IllegalStateException("only " + seen[0] + " of " + count + " results within 20 minutes");
        }
    }

    private GenerationRequest request(String id, int index) {
        return workload(id, steps).setPrompt(prompt(index)).setSeed((long) index).build();
    }

    /** The serving benchmarks' request shape, for tenant demo; the caller adds prompt and seed. */
    static GenerationRequest.Builder workload(String id, int steps) {
        return GenerationRequest.newBuilder().setRequestId(id).setTenantId("demo").setSubmittedAt(Instant.now())
                .setMode(GenerationMode.TEXT_TO_VIDEO).setWidth(WIDTH).setHeight(HEIGHT).setDurationSeconds(SECONDS)
                .setFps(8).setSteps(steps);
    }

    private static Trace trace(GenerationRequest request) {
        return Trace.accepted(request, new SourceRef("bench", 0, 0), System.currentTimeMillis());
    }

    private static String prompt(int index) {
        String[] colours = {"red", "blue", "green", "yellow"};
        String[] shapes = {"circle", "square", "triangle"};
        return "a " + colours[index % colours.length] + " " + shapes[index % shapes.length] + " moving right";
    }

    private static byte[] key(String id) {
        return id.getBytes(StandardCharsets.UTF_8);
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}

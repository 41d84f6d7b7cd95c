package io.reelflow.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.reelflow.model.ModelCatalog;
import io.reelflow.operators.generate.Denoiser;
import io.reelflow.operators.generate.GenerationModel;
import io.reelflow.operators.generate.ModelRegistry;
import io.reelflow.operators.generate.Sampler;
import io.reelflow.operators.generate.SamplingSettings;
import io.reelflow.operators.generate.TextConditioning;
import io.reelflow.operators.generate.internal.SamplingLoop;
import io.reelflow.operators.generate.internal.SpacetimeDitArchitecture;
import io.reelflow.operators.generate.internal.SpacetimeDitModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench/run sampling [--repeat N] [--steps N]}: sampling throughput of the reference model at its native 1:1
 * size (8 frames, fixed steps, guidance on) for batch sizes 1, 2, 4 and 8, and the denoiser's achieved FLOP/s as a
 * fraction of a DJL matmul peak measured in the same run, interleaved so machine noise hits every case alike.
 */
public final class SamplingBench {

    private static final int FRAMES = 8;
    private static final int SIZE = 32;
    private static final int[] BATCHES = {1, 2, 4, 8};

    public static void main(String[] args) throws Exception {
        int repeat = intArg(args, "--repeat", 5);
        int steps = intArg(args, "--steps", 24);
        GenerationModel model = ModelRegistry.shared()
                .find(new ModelCatalog("classpath:models"), "reelflow-dit-xs", Device.cpu()).orElseThrow();
        SpacetimeDitModel dit = (SpacetimeDitModel) model;
        Sampler sampler = model.sampler("flow-euler").orElseThrow();
        long flopsPerStepPerClip = 2 * dit.config().denoiserFlops(FRAMES, SIZE, SIZE); // guidance: two passes
        System.out.printf(Locale.ROOT, "model %s (%s), %dx%d x %d frames, %d steps, guidance on; threads: %s%n",
                model.manifest().id(), model.manifest().version(), SIZE, SIZE, FRAMES, steps,
                System.getProperty("ai.djl.pytorch.num_threads", "default"));
        List<List<Double>> seconds = new ArrayList<>();
        List<Double> peaks = new ArrayList<>();
        for (int b = 0; b < BATCHES.length; b++) {
            seconds.add(new ArrayList<>());
        }
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), SpacetimeDitArchitecture.ENGINE)) {
            sample(model, sampler, manager, 1, 2); // warm-up
            matmulPeak(manager);
            for (int r = 0; r < repeat; r++) {
                peaks.add(matmulPeak(manager));
                for (int b = 0; b < BATCHES.length; b++) {
                    seconds.get(b).add(sample(model, sampler, manager, BATCHES[b], steps));
                }
            }
        }
        double peak = median(peaks);
        System.out.printf(Locale.ROOT, "matmul peak (1024^3 float32, median of %d): %.1f GFLOP/s%n", repeat, peak / 1e9);
        System.out.println("| batch | seconds per batch | clips/s | frames/s | denoiser GFLOP/s | of matmul peak |");
        System.out.println("|---|---|---|---|---|---|");
        for (int b = 0; b < BATCHES.length; b++) {
            double s = median(seconds.get(b));
            double flops = (double) flopsPerStepPerClip * BATCHES[b] * steps / s;
            System.out.printf(Locale.ROOT, "| %d | %.3f | %.2f | %.1f | %.1f | %.0f %% |%n", BATCHES[b], s,
                    BATCHES[b] / s, BATCHES[b] * FRAMES / s, flops / 1e9, 100 * flops / peak);
        }
    }

    /** Seconds to sample a batch of clips: the denoising loop only, text encoded before the clock starts. */
    private static double sample(GenerationModel model, Sampler sampler, NDManager parent, int batch, int steps) {
        try (NDManager manager = parent.newSubManager()) {
            List<String> prompts = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                prompts.add("");
            }
            for (int i = 0; i < batch; i++) {
                prompts.add("a red circle moving left on a blue background");
            }
            TextConditioning text = model.textEncoder().encode(manager, prompts);
            NDArray noise = manager.randomNormal(new Shape(batch, FRAMES, SIZE, SIZE, 3));
            SamplingSettings settings = new SamplingSettings(sampler.name(), steps, 4.0, 1.0, 1, "", "");
            long start = System.nanoTime();
            Denoiser denoiser = model.denoiser().forRun(manager);
            NDArray out = SamplingLoop.sample(denoiser, sampler.start(settings, denoiser.prediction()), noise, text,
                    4.0);
            out.toFloatArray(); // wait for the result
            return (System.nanoTime() - start) / 1e9;
        }
    }

    /** FLOP/s of repeated 1024x1024 float32 matrix products. */
    private static double matmulPeak(NDManager parent) {
        try (NDManager manager = parent.newSubManager()) {
            NDArray a = manager.randomUniform(-1, 1, new Shape(1024, 1024));
            NDArray b = manager.randomUniform(-1, 1, new Shape(1024, 1024));
            int rounds = 20;
            long start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                a.matMul(b).close();
            }
            double s = (System.nanoTime() - start) / 1e9;
            return 2.0 * 1024 * 1024 * 1024 * rounds / s;
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static int intArg(String[] args, String name, int otherwise) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return otherwise;
    }
}

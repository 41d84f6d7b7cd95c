package io.reelflow.bench;

import io.reelflow.config.ModerationConfig;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.generate.GenerateOutcome;
import io.reelflow.operators.generate.GenerationEngine;
import io.reelflow.operators.moderation.Category;
import io.reelflow.operators.moderation.ModerationPolicy;
import io.reelflow.operators.moderation.frames.FrameGate;
import io.reelflow.operators.moderation.frames.FrameModerator;
import io.reelflow.operators.moderation.frames.HashAlgorithm;
import io.reelflow.operators.moderation.frames.HashBlocklist;
import io.reelflow.pipeline.Clip;
import io.reelflow.pipeline.Frames;
import io.reelflow.pipeline.SourceRef;
import io.reelflow.pipeline.Trace;
import io.reelflow.schema.GenerationMode;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.ModerationVerdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code bench/run frame-checks [--repeat N]}: the output gate's cost against generation's, side by side in one run.
 * Each round generates one request with the built-in reference model (1920x1080, 10 s at 24 fps: the clip comes out at
 * the model's native size and rate) and runs {@link FrameModerator#check} on that clip and on a 1920x1080 clip of 240
 * frames at 24 fps (textured frames that pan), with a 10k-entry blocklist and no classifier, as the deployment's
 * settings configure it. Then the lookup alone for 10k and 100k entries. Medians of the rounds, after a warm-up.
 */
public final class FrameChecksBench {

    private static final int ENTRIES = 10_000;

    public static void main(String[] args) throws Exception {
        int repeat = 3;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--repeat")) {
                repeat = Integer.parseInt(args[++i]);
            } else {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        ReelflowConfig config = ReelflowConfig.defaults();
        Runtime rt = Runtime.getRuntime();
        System.out.printf("machine: %d cores, %s %s, Java %s, max heap %d MB, %s%n", rt.availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"),
                rt.maxMemory() >> 20, Instant.now());
        Path blocklistFile = Files.createTempFile("frame-checks-bench", ".txt");
        Files.write(blocklistFile, randomEntries(ENTRIES).stream().map(HashBlocklist.Entry::line).toList());
        ModerationConfig.FrameChecks settings = new ModerationConfig.FrameChecks(
                config.moderation().frames().sampleEvery(), blocklistFile.toString(),
                config.moderation().frames().hashMaxDistance());
        FrameModerator moderator = FrameModerator.builder()
                .policy(ModerationPolicy.load(config.moderation().policy())).frames(settings).build();
        Frames fullHd = panning(1920, 1080, 240);

        List<Double> generation = new ArrayList<>();
        List<Double> nativeCheck = new ArrayList<>();
        List<Double> fullHdCheck = new ArrayList<>();
        Clip clip = null;
        ModerationVerdict verdict = null;
        try (GenerationEngine engine = GenerationEngine.builder().config(config).build()) {
            generate(engine, "warm-up", 4.0);
            moderator.check(FrameGate.OUTPUT, fullHd, 24);
            for (int round = 0; round < repeat; round++) {
                long start = System.nanoTime();
                clip = generate(engine, "frame-checks-" + round, 10.0);
                generation.add((System.nanoTime() - start) / 1e6);
                start = System.nanoTime();
                moderator.check(FrameGate.OUTPUT, clip.frames(), clip.fps());
                nativeCheck.add((System.nanoTime() - start) / 1e6);
                start = System.nanoTime();
                verdict = moderator.check(FrameGate.OUTPUT, fullHd, 24);
                fullHdCheck.add((System.nanoTime() - start) / 1e6);
            }
        } finally {
            Files.deleteIfExists(blocklistFile);
        }
        Frames frames = clip.frames();
        double gen = median(generation);
        System.out.printf(Locale.ROOT, "generation (1920x1080, 10 s at 24 fps requested; %dx%d x %d frames at %.0f fps"
                + " native): %.0f ms median %s%n", frames.width(), frames.height(), frames.count(), clip.fps(), gen,
                generation);
        System.out.println("| clip checked | frames checked | check ms (median) | rounds | of generation |");
        System.out.println("|---|---|---|---|---|");
        row(String.format(Locale.ROOT, "native %dx%d, %d frames at %.0f fps", frames.width(), frames.height(),
                frames.count(), clip.fps()), moderator, frames, clip.fps(), nativeCheck, gen);
        row("1920x1080, 240 frames at 24 fps", moderator, fullHd, 24, fullHdCheck, gen);
        System.out.println("summary: " + verdict.getChecks().get(0).getSummary());
        lookups();
    }

    private static void row(String name, FrameModerator moderator, Frames frames, double fps, List<Double> ms,
            double generation) {
        String checked = moderator.check(FrameGate.OUTPUT, frames, fps).getChecks().get(0).getSummary().split(";")[0];
        System.out.printf(Locale.ROOT, "| %s | %s | %.1f | %s | %.2f %% |%n", name, checked, median(ms), format(ms),
                100 * median(ms) / generation);
    }

    /** Nearest-entry lookups alone: microseconds per frame for 10k and 100k entries. */
    private static void lookups() {
        SplittableRandom random = new SplittableRandom(5);
        for (int entries : new int[] {10_000, 100_000}) {
            HashBlocklist blocklist = HashBlocklist.of(randomEntries(entries));
            long[] queries = random.longs(2_000).toArray();
            int found = 0;
            for (long q : queries) { // warm-up
                found += blocklist.nearest(HashAlgorithm.PHASH, q, 10).isPresent() ? 1 : 0;
            }
            long start = System.nanoTime();
            for (long q : queries) {
                found += blocklist.nearest(HashAlgorithm.PHASH, q, 10).isPresent() ? 1 : 0;
            }
            double us = (System.nanoTime() - start) / 1e3 / queries.length;
            System.out.printf(Locale.ROOT, "lookup in %d entries: %.1f us per frame (%d random queries matched)%n",
                    entries, us, found);
        }
    }

    private static Clip generate(GenerationEngine engine, String id, double seconds) throws Exception {
        GenerationRequest request = GenerationRequest.newBuilder().setRequestId(id).setTenantId("demo")
                .setSubmittedAt(Instant.now()).setMode(GenerationMode.TEXT_TO_VIDEO)
                .setPrompt("a red circle moving left on a blue background").setWidth(1920).setHeight(1080)
                .setDurationSeconds(seconds).setFps(24).build();
        Trace trace = Trace.accepted(request, new SourceRef("bench", 0, 0), System.currentTimeMillis());
        GenerateOutcome outcome = engine.submit(trace).get();
        if (!(outcome instanceof GenerateOutcome.Generated generated)) {
            throw new IllegalStateException("generation did not succeed: " + outcome);
        }
        return generated.clip();
    }

    /** Random pHash entries in violence_graphic: a scan's cost does not depend on the hashes. */
    private static List<HashBlocklist.Entry> randomEntries(int count) {
        SplittableRandom random = new SplittableRandom(42);
        List<HashBlocklist.Entry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            entries.add(new HashBlocklist.Entry(HashAlgorithm.PHASH, random.nextLong(),
                    Category.VIOLENCE_GRAPHIC, "bench " + i));
        }
        return entries;
    }

    /** A textured canvas (value noise and grain) that pans two pixels per frame. */
    private static Frames panning(int width, int height, int count) {
        int canvasWidth = width + 2 * count;
        SplittableRandom random = new SplittableRandom(7);
        double[] lattice = random.doubles(17 * 17, -1, 1).toArray();
        byte[] canvas = new byte[canvasWidth * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < canvasWidth; x++) {
                double u = (double) x / canvasWidth * 16;
                double v = (double) y / height * 16;
                int x0 = Math.min((int) u, 15);
                int y0 = Math.min((int) v, 15);
                double fx = u - x0;
                double fy = v - y0;
                double n = (lattice[y0 * 17 + x0] * (1 - fx) + lattice[y0 * 17 + x0 + 1] * fx) * (1 - fy)
                        + (lattice[(y0 + 1) * 17 + x0] * (1 - fx) + lattice[(y0 + 1) * 17 + x0 + 1] * fx) * fy;
                for (int c = 0; c < 3; c++) {
                    canvas[(y * canvasWidth + x) * 3 + c] = (byte) Math.max(0, Math.min(255,
                            Math.round(110 + 70 * n + 25 * c + 4 * random.nextGaussian())));
                }
            }
        }
        byte[] rgb = new byte[width * height * 3 * count];
        for (int f = 0; f < count; f++) {
            for (int y = 0; y < height; y++) {
                System.arraycopy(canvas, (y * canvasWidth + 2 * f) * 3, rgb, ((f * height + y) * width) * 3, width * 3);
            }
        }
        return new Frames(width, height, count, rgb);
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    private static String format(List<Double> values) {
        return Arrays.toString(values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toArray());
    }
}

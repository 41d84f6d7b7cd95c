package io.reelflow.bench.watermark;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.encode.MediaReader;
import io.reelflow.operators.watermark.WatermarkKey;
import io.reelflow.pipeline.Frames;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Robustness of the invisible watermark to what happens to content after it leaves Reelflow:
 * {@code bench/run watermark-robustness [--clips N] [--images N] [--false-positives N] [--seconds S]
 * [--long-side L] [--only video|image|unmarked] [--checkpoint FILE] [--fresh]}.
 *
 * <p>Marked videos and images (synthetic texture and the reference model's output, landscape and portrait) are made
 * and stored as the pipeline stores them, attacked (re-encodes with libx264 and libvpx-vp9, scaling, a crop,
 * brightness, frame rate, trimming, JPEG), decoded and read back with the detector at its default threshold; unmarked
 * items measure false positives. Every trial is checkpointed, so a killed run resumes; Markdown tables at the end.
 */
public final class WatermarkRobustnessBench {

    public static void main(String[] args) throws Exception {
        int clips = 2;
        int images = 6;
        int unmarked = 1000;
        double seconds = 3;
        int longSide = 1920;
        Set<String> parts = Set.of("video", "image", "unmarked");
        Path checkpointFile = Path.of(".reelflow/bench/watermark-robustness.tsv");
        boolean fresh = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--clips" -> clips = Integer.parseInt(args[++i]);
                case "--images" -> images = Integer.parseInt(args[++i]);
                case "--false-positives" -> unmarked = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--long-side" -> longSide = Integer.parseInt(args[++i]);
                case "--only" -> parts = Set.of(args[++i].split(","));
                case "--checkpoint" -> checkpointFile = Path.of(args[++i]);
                case "--fresh" -> fresh = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (seconds <= 2) {
            throw new IllegalArgumentException("--seconds must exceed 2: the trim cuts the first and the last second");
        }
        ReelflowConfig config = ReelflowConfig.defaults();
        // What the trials depend on: a checkpoint made under other settings is not resumed.
        String settings = String.format(Locale.ROOT, "watermark-robustness v3 seconds=%s long-side=%d strength=%s "
                + "codec=%s bpp=%s", seconds, longSide, config.watermark().strength(), config.encode().videoCodec(),
                config.encode().bitsPerPixel());
        List<Item> videos = parts.contains("video") ? Plan.videos(clips, longSide, seconds) : List.of();
        List<Item> stills = parts.contains("image") ? Plan.images(images, longSide) : List.of();
        List<Item> negatives = parts.contains("unmarked") ? Plan.unmarked(unmarked, longSide) : List.of();
        Runtime rt = Runtime.getRuntime();
        System.out.printf("machine: %d cores, Java %s, max heap %d MB, %s; %s; %d videos, %d images, %d unmarked; "
                + "checkpoint %s%n", rt.availableProcessors(), System.getProperty("java.version"),
                rt.maxMemory() >> 20, Instant.now(), settings, videos.size(), stills.size(), negatives.size(),
                checkpointFile.toAbsolutePath());
        long start = System.nanoTime();
        WatermarkKey key = WatermarkKey.fromSecret(config.watermark().secret());
        Readback readback = new Readback(key);
        try (Checkpoint checkpoint = Checkpoint.open(checkpointFile, settings, fresh);
                Originals originals = new Originals(config)) {
            for (Item item : videos) {
                runVideo(item, originals, readback, checkpoint);
            }
            for (Item item : stills) {
                runImage(item, originals, readback, checkpoint);
            }
            for (Item item : negatives) {
                runUnmarked(item, originals, readback, checkpoint);
            }
            report(checkpoint.trials(), videos, stills, negatives);
        }
        System.out.printf(Locale.ROOT, "this invocation: %.1f min%n", (System.nanoTime() - start) / 60e9);
    }

    private static void runVideo(Item item, Originals originals, Readback readback, Checkpoint checkpoint)
            throws Exception {
        List<VideoAttack> todo = Arrays.stream(VideoAttack.values())
                .filter(a -> !checkpoint.done(item, a.name())).toList();
        if (todo.isEmpty()) {
            return;
        }
        long t = System.nanoTime();
        Originals.Stored stored = originals.marked(item);
        Frames decoded = MediaReader.read(stored.bytes()).frames();
        log(item, stored, t);
        for (VideoAttack attack : todo) {
            t = System.nanoTime();
            Readback.Result result = attack.apply(stored.bytes(), decoded, Item.FPS, corner(item), readback,
                    stored.watermarkId());
            record(checkpoint, Trial.of("VIDEO", item, attack.name(), result, stored.watermarkId(), stored.strength(),
                    millisSince(t)), attack.label);
        }
    }

    private static void runImage(Item item, Originals originals, Readback readback, Checkpoint checkpoint)
            throws Exception {
        List<ImageAttack> todo = Arrays.stream(ImageAttack.values())
                .filter(a -> !checkpoint.done(item, a.name())).toList();
        if (todo.isEmpty()) {
            return;
        }
        long t = System.nanoTime();
        Originals.Stored stored = originals.marked(item);
        Frames decoded = MediaReader.read(stored.bytes()).frames();
        log(item, stored, t);
        for (ImageAttack attack : todo) {
            t = System.nanoTime();
            Readback.Result result = readback.read(attack.apply(decoded, corner(item)), stored.watermarkId());
            record(checkpoint, Trial.of("IMAGE", item, attack.name(), result, stored.watermarkId(), stored.strength(),
                    millisSince(t)), attack.label);
        }
    }

    private static void runUnmarked(Item item, Originals originals, Readback readback, Checkpoint checkpoint)
            throws Exception {
        if (checkpoint.done(item, "NONE")) {
            return;
        }
        long t = System.nanoTime();
        Readback.Result result = readback.read(originals.unmarked(item).bytes(), null);
        Trial trial = Trial.of("UNMARKED", item, "NONE", result, null, 0, millisSince(t));
        checkpoint.record(trial);
        if (trial.detected() || trial.crcHolds()) {
            System.out.printf(Locale.ROOT, "%s: detected=%s, payload CRC held, FPP %.1e%n", item.name(),
                    trial.detected(), trial.falsePositiveProbability());
        }
    }

    private static void report(List<Trial> all, List<Item> videos, List<Item> stills, List<Item> negatives) {
        List<String> sizes = (videos.isEmpty() ? stills : videos).stream().map(Item::size).distinct().toList();
        Map<String, String> videoLabels = new LinkedHashMap<>();
        Arrays.stream(VideoAttack.values()).forEach(a -> videoLabels.put(a.name(), a.label));
        Map<String, String> imageLabels = new LinkedHashMap<>();
        Arrays.stream(ImageAttack.values()).forEach(a -> imageLabels.put(a.name(), a.label));
        reportMarked("videos", ofItems(all, videos), videoLabels, sizes);
        reportMarked("images", ofItems(all, stills), imageLabels, sizes);
        List<Trial> unmarked = ofItems(all, negatives);
        if (!unmarked.isEmpty()) {
            System.out.printf("%n### Unmarked items at the default threshold%n%n%s", Report.unmarked(unmarked));
            System.out.printf(Locale.ROOT, "Time: %.1f min%n", unmarked.stream().mapToLong(Trial::millis).sum() / 60e3);
        }
    }

    private static void reportMarked(String what, List<Trial> trials, Map<String, String> labels, List<String> sizes) {
        if (trials.isEmpty()) {
            return;
        }
        System.out.printf("%n### Marked %s (%d items)%n%n", what, trials.stream().map(Trial::item).distinct().count());
        System.out.print(Report.marked(trials, new ArrayList<>(labels.keySet()), labels, sizes));
        System.out.printf("%nFailures:%n%s", Report.failures(trials, labels));
        System.out.printf("Content that needed more than strength 1: %s%n", Report.escalated(trials));
        long disagreements = trials.stream().filter(Trial::readoutDisagrees).count();
        if (disagreements > 0) {
            System.out.printf("WARNING: the bench's readout disagrees with the detector on %d reads%n", disagreements);
        }
        System.out.printf(Locale.ROOT, "Time in attacks and read-backs: %.1f min%n",
                trials.stream().mapToLong(Trial::millis).sum() / 60e3);
    }

    /** The trials of {@code items}: a checkpoint may hold more, from a run with larger counts. */
    private static List<Trial> ofItems(List<Trial> all, List<Item> items) {
        Set<String> names = items.stream().map(Item::name).collect(Collectors.toSet());
        return all.stream().filter(t -> names.contains(t.item())).toList();
    }

    private static void log(Item item, Originals.Stored stored, long startNanos) {
        System.out.printf(Locale.ROOT, "%s: %s %s, strength %.0f, PSNR %.1f dB, %d bytes stored, made in %.1f s%n",
                item.name(), item.content().label(), item.video() ? item.seconds() + " s" : "image", stored.strength(),
                stored.psnrDb(), stored.bytes().length, millisSince(startNanos) / 1e3);
    }

    private static void record(Checkpoint checkpoint, Trial trial, String label) throws java.io.IOException {
        checkpoint.record(trial);
        System.out.printf(Locale.ROOT, "  %-44s %s, %d/64 id bits and %d/172 code bits wrong, FPP %.1e, %d frames, "
                + "%.1f s%n", label, trial.found() ? "found" : trial.detected() ? "OTHER ID" : "MISSED",
                trial.payloadBitErrors(), trial.codeBitErrors(), trial.falsePositiveProbability(), trial.frames(),
                trial.millis() / 1e3);
    }

    /** The corner a crop cuts: one of four, by the item's seed. */
    private static int corner(Item item) {
        return (int) Math.floorMod(item.seed(), 4L);
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}

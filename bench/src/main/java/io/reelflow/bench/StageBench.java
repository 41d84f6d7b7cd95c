package io.reelflow.bench;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.encode.ClipEncoder;
import io.reelflow.operators.encode.EncodeOutcome;
import io.reelflow.operators.generate.GenerateOutcome;
import io.reelflow.operators.generate.GenerationEngine;
import io.reelflow.operators.watermark.ClipWatermarker;
import io.reelflow.pipeline.Clip;
import io.reelflow.pipeline.SourceRef;
import io.reelflow.pipeline.Trace;
import io.reelflow.schema.GenerationMode;
import io.reelflow.schema.GenerationRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Wall time of each heavy stage for one request, at the reference model's default settings, on this machine:
 * {@code bench/run stages [image|video4|video60 ...] [--repeat N]}. Runs the engines directly (no Flink, Kafka or
 * S3), one request at a time, so the figures are the per-request cost a slot pays. Prints a Markdown table.
 */
public final class StageBench {

    private record Case(String name, GenerationRequest request, int defaultRepeats) {}

    public static void main(String[] args) throws Exception {
        List<String> names = new ArrayList<>();
        int repeat = 0;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--repeat")) {
                repeat = Integer.parseInt(args[++i]);
            } else {
                names.add(args[i]);
            }
        }
        List<Case> cases = cases().stream().filter(c -> names.isEmpty() || names.contains(c.name())).toList();
        ReelflowConfig config = ReelflowConfig.defaults();
        Runtime rt = Runtime.getRuntime();
        System.out.printf("machine: %d cores, %s %s, Java %s, max heap %d MB, %s%n", rt.availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"),
                rt.maxMemory() >> 20, Instant.now());
        System.out.println("| case | output | native frames | sample ms | watermark ms | encode ms | strength | PSNR dB | bytes |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        try (GenerationEngine engine = GenerationEngine.builder().config(config).build()) {
            ClipWatermarker watermarker = new ClipWatermarker(config.watermark(), config.tenants());
            ClipEncoder encoder = ClipEncoder.builder().config(config).build();
            // Warm-up: loads the model and FFmpeg, JIT-compiles the hot paths.
            run(engine, watermarker, encoder, request("warm-up", GenerationMode.TEXT_TO_IMAGE, 256, 256, null));
            for (Case c : cases) {
                int repeats = repeat > 0 ? repeat : c.defaultRepeats();
                long[][] ms = new long[3][repeats];
                Result last = null;
                for (int r = 0; r < repeats; r++) {
                    last = run(engine, watermarker, encoder, c.request());
                    ms[0][r] = last.sampleMs;
                    ms[1][r] = last.watermarkMs;
                    ms[2][r] = last.encodeMs;
                }
                GenerationRequest q = c.request();
                System.out.printf(Locale.ROOT, "| %s | %dx%d%s | %d | %s | %s | %s | %.1f | %.1f | %d |%n", c.name(),
                        q.getWidth(), q.getHeight(), q.getDurationSeconds() == null ? "" : " " + q.getDurationSeconds() + " s",
                        last.nativeFrames, median(ms[0]), median(ms[1]), median(ms[2]), last.strength, last.psnr, last.bytes);
            }
        }
        System.out.println("(medians of the repeats, min-max in brackets)");
    }

    private static List<Case> cases() {
        return List.of(
                new Case("image", request("bench-image", GenerationMode.TEXT_TO_IMAGE, 1024, 1024, null), 3),
                new Case("video4", request("bench-video4", GenerationMode.TEXT_TO_VIDEO, 1920, 1080, 4.0), 3),
                new Case("video60", request("bench-video60", GenerationMode.TEXT_TO_VIDEO, 1920, 1080, 60.0), 1));
    }

    private record Result(long sampleMs, long watermarkMs, long encodeMs, int nativeFrames, double strength,
            double psnr, long bytes) {}

    private static Result run(GenerationEngine engine, ClipWatermarker watermarker, ClipEncoder encoder,
            GenerationRequest request) throws Exception {
        Trace trace = Trace.accepted(request, new SourceRef("bench", 0, 0), System.currentTimeMillis());
        GenerateOutcome outcome = engine.submit(trace).get();
        if (!(outcome instanceof GenerateOutcome.Generated generated)) {
            throw new IllegalStateException("generation did not succeed: " + outcome);
        }
        Clip clip = generated.clip();
        long start = System.nanoTime();
        ClipWatermarker.Marked marked = watermarker.mark(clip);
        long watermarkMs = (System.nanoTime() - start) / 1_000_000;
        start = System.nanoTime();
        EncodeOutcome encoded = encoder.encode(marked.clip());
        long encodeMs = (System.nanoTime() - start) / 1_000_000;
        if (!(encoded instanceof EncodeOutcome.Done done)) {
            throw new IllegalStateException("encoding did not succeed: " + encoded);
        }
        long bytes = done.encoded().files().stream().mapToLong(f -> f.bytes().length).sum();
        return new Result(clip.trace().timingsMs().get("sample"), watermarkMs, encodeMs, clip.frames().count(),
                marked.strength(), marked.psnrDb(), bytes);
    }

    private static GenerationRequest request(String id, GenerationMode mode, int width, int height, Double seconds) {
        return GenerationRequest.newBuilder().setRequestId(id).setTenantId("demo").setSubmittedAt(Instant.now())
                .setMode(mode).setPrompt("a red circle moving left on a blue background").setWidth(width).setHeight(height)
                .setDurationSeconds(seconds).setFps(seconds == null ? null : 24).build();
    }

    private static String median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        String median = Long.toString(sorted[sorted.length / 2]);
        return sorted.length == 1 ? median : median + " [" + sorted[0] + "-" + sorted[sorted.length - 1] + "]";
    }
}

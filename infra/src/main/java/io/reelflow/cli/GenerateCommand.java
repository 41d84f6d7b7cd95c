package io.reelflow.cli;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.encode.ClipEncoder;
import io.reelflow.operators.encode.DecodedMedia;
import io.reelflow.operators.encode.EncodeOutcome;
import io.reelflow.operators.encode.MediaReader;
import io.reelflow.pipeline.AssetReader;
import io.reelflow.operators.generate.GenerateOutcome;
import io.reelflow.operators.generate.GenerationEngine;
import io.reelflow.operators.watermark.ClipWatermarker;
import io.reelflow.pipeline.EncodedFile;
import io.reelflow.pipeline.SourceRef;
import io.reelflow.pipeline.Trace;
import io.reelflow.schema.AssetRole;
import io.reelflow.schema.ExtendDirection;
import io.reelflow.schema.GenerationMode;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.InputAsset;
import io.reelflow.schema.OutputRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * One request through the jobs' engines (generate, watermark, encode) on local files: no Kafka, no object store, no
 * Flink. For trying models and prompts.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Generate one image or video locally with the same engine, watermark and encoder as the jobs.",
            "Inputs (--input) are local images or videos: the first frame for image-to-video, the source for",
            "extend-video, the two clips (in order) for connect-videos."})
final class GenerateCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    @Option(names = "--prompt", required = true, description = "What to generate.")
    String prompt;

    @Option(names = "--negative-prompt", description = "What to steer away from.")
    String negativePrompt;

    @Option(names = "--mode", defaultValue = "TEXT_TO_VIDEO",
            description = "One of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    GenerationMode mode;

    @Option(names = "--input", description = "Input image or video file; repeat for connect-videos.")
    List<Path> inputs = new ArrayList<>();

    @Option(names = "--backward", description = "For extend-video: extend backward in time.")
    boolean backward;

    @Option(names = "--width", defaultValue = "1280", description = "Output width (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--height", defaultValue = "720", description = "Output height (default: ${DEFAULT-VALUE}).")
    int height;

    @Option(names = "--frames", description = "New frames, at --fps.")
    Integer frames;

    @Option(names = "--duration", description = "New seconds (default 2 for video).")
    Double duration;

    @Option(names = "--fps", description = "Output frame rate (default: limits.default-fps).")
    Integer fps;

    @Option(names = "--seed", description = "Sampling seed (default: derived from the request id).")
    Long seed;

    @Option(names = "--steps", description = "Denoising steps (default: the model's).")
    Integer steps;

    @Option(names = "--guidance", description = "Guidance scale (default: the model's).")
    Double guidance;

    @Option(names = "--sampler", description = "Sampler (default: the model's).")
    String sampler;

    @Option(names = "--model", description = "Model id (default: generation.default-model).")
    String model;

    @Option(names = "--out", required = true, description = "Output file (.png or .mp4); a poster goes next to videos.")
    Path out;

    @Override
    public Integer call() throws Exception {
        java.io.PrintWriter stdout = spec.commandLine().getOut();
        java.io.PrintWriter stderr = spec.commandLine().getErr();
        ReelflowConfig settings = config.load();
        GenerationRequest request = request();
        AssetReader files = uri -> {
            DecodedMedia media = MediaReader.read(Path.of(uri));
            return new AssetReader.Asset(media.frames(), media.info().frames() > 1 ? media.fps() : 0);
        };
        try (GenerationEngine engine = GenerationEngine.builder().config(settings).assets(files).build()) {
            Trace trace = Trace.accepted(request, new SourceRef("cli", 0, 0), System.currentTimeMillis());
            GenerateOutcome outcome = engine.submit(trace).get();
            if (!(outcome instanceof GenerateOutcome.Generated generated)) {
                GenerateOutcome.Ended ended = (GenerateOutcome.Ended) outcome;
                stderr.println("generation " + ended.status() + ": " + ended.reason());
                return 1;
            }
            ClipWatermarker.Marked marked = new ClipWatermarker(settings.watermark(), settings.tenants())
                    .mark(generated.clip());
            EncodeOutcome encoded = ClipEncoder.builder().config(settings).build().encode(marked.clip());
            if (!(encoded instanceof EncodeOutcome.Done done)) {
                stderr.println("encoding failed: " + encoded);
                return 1;
            }
            for (EncodedFile file : done.encoded().files()) {
                Path target = file.role() == OutputRole.PRIMARY ? out : out.resolveSibling(
                        out.getFileName().toString().replaceFirst("\\.[^.]*$", "") + "-" + file.name());
                Files.write(target, file.bytes());
                stdout.printf(Locale.ROOT, "%s %dx%d %d frames %.2f s -> %s%n", file.role(), file.width(),
                        file.height(), file.frames(), file.durationSeconds(), target);
            }
            Trace result = generated.clip().trace();
            stdout.printf(Locale.ROOT, "model %s (trained: %s) seed %d, native %dx%d x %d frames, sampled in %d ms%n",
                    result.model().getId(), result.model().getTrained(), result.seed(),
                    generated.clip().frames().width(), generated.clip().frames().height(),
                    generated.clip().frames().count(), result.timingsMs().get("sample"));
            return 0;
        }
    }

    private GenerationRequest request() {
        boolean image = mode == GenerationMode.TEXT_TO_IMAGE;
        List<InputAsset> assets = new ArrayList<>();
        AssetRole[] roles = switch (mode) {
            case IMAGE_TO_VIDEO -> new AssetRole[] {AssetRole.FIRST_FRAME};
            case EXTEND_VIDEO, EDIT_VIDEO -> new AssetRole[] {AssetRole.SOURCE_VIDEO};
            case CONNECT_VIDEOS -> new AssetRole[] {AssetRole.CONNECT_FROM, AssetRole.CONNECT_TO};
            default -> new AssetRole[0];
        };
        if (inputs.size() != roles.length) {
            throw new IllegalArgumentException(mode + " takes " + roles.length + " --input file(s), got " + inputs.size());
        }
        for (int i = 0; i < roles.length; i++) {
            assets.add(InputAsset.newBuilder().setUri(inputs.get(i).toAbsolutePath().toString()).setRole(roles[i]).build());
        }
        return GenerationRequest.newBuilder()
                .setRequestId("cli-" + Long.toHexString(System.nanoTime()))
                .setTenantId("local")
                .setSubmittedAt(Instant.now())
                .setMode(mode)
                .setPrompt(prompt)
                .setNegativePrompt(negativePrompt)
                .setWidth(width)
                .setHeight(height)
                .setFrames(image ? null : frames)
                .setDurationSeconds(image || frames != null ? null : duration != null ? duration : 2.0)
                .setFps(image ? null : fps)
                .setSeed(seed)
                .setSteps(steps)
                .setGuidance(guidance)
                .setSampler(sampler)
                .setModel(model)
                .setInputAssets(assets)
                .setExtendDirection(mode == GenerationMode.EXTEND_VIDEO
                        ? (backward ? ExtendDirection.BACKWARD : ExtendDirection.FORWARD) : null)
                .build();
    }
}

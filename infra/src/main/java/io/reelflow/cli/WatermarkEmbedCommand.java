package io.reelflow.cli;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.watermark.Detection;
import io.reelflow.operators.watermark.WatermarkDetector;
import io.reelflow.operators.watermark.WatermarkEmbedder;
import io.reelflow.operators.watermark.WatermarkKey;
import io.reelflow.operators.watermark.WatermarkKeys;
import io.reelflow.pipeline.Frames;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Marks someone's image or video with a payload, then reads the output back to prove the mark is there. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Embed a 64-bit payload as the invisible watermark in a PNG, JPEG, MP4 or WebM file.",
            "Works on files made by anyone, with the deployment's secret and strength, as the watermark stage marks;"
                    + " then reads the mark back from the output.",
            "Images keep their size and are written as --out's extension says: .png (alpha kept) or .jpg/.jpeg"
                    + " (quality 95). Videos are decoded frame by frame, marked and re-encoded at their size and frame"
                    + " rate: .mp4 with H.264 (encode.video-codec), .webm with VP9 (libvpx-vp9).",
            "Audio, subtitles and metadata (EXIF, ICC profiles) are NOT copied; a variable frame rate becomes"
                    + " constant; a video of odd width or height loses its last column or row.",
            "Exit code: 0 when the output reads back with the payload, 1 when it does not or a file cannot be read"
                    + " or written, 2 usage error."})
final class WatermarkEmbedCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "The image or video to mark.")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "Where to write the marked copy: .png, .jpg, .jpeg (images), .mp4 or .webm (videos).")
    Path out;

    @Option(names = "--payload", required = true, paramLabel = "HEX", description = "16 hex digits: the 64-bit id to embed.")
    String payload;

    @Option(names = "--tenant", paramLabel = "ID",
            description = "Mark with this tenant's own secret, if it has one (default: the deployment's).")
    String tenant;

    @Option(names = "--strength", description = "Embedding strength (default: watermark.strength; 1.0 keeps PSNR >= 40 dB)."
            + " Raise it if the output does not read back.")
    Double strength;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        String id = payload();
        WatermarkMedia.Output format = WatermarkMedia.Output.of(out).orElseThrow(() -> usage(
                "--out " + out + ": the extension must be .png, .jpg, .jpeg, .mp4 or .webm"));
        if (!Files.isRegularFile(in)) {
            throw usage("--in " + in + ": no such file");
        }
        if (Files.exists(out) && Files.isSameFile(in, out)) {
            throw usage("--out must not be --in: the original is read while the copy is written");
        }
        WatermarkMedia.Kind kind = WatermarkMedia.sniff(in);
        if (kind.still() != format.still()) {
            throw usage("--in " + in + " is " + (kind.still() ? "an image: --out must be .png, .jpg or .jpeg"
                    : "not a PNG or JPEG, so it is read as a video: --out must be .mp4 or .webm"));
        }
        ReelflowConfig settings = config.load();
        if (tenant != null && settings.tenants().find(tenant).isEmpty()) {
            throw usage("--tenant " + tenant + ": not a tenant of this deployment (tenants.known)");
        }
        WatermarkKeys keys = WatermarkKeys.of(settings.watermark(), settings.tenants());
        WatermarkKey key = tenant == null ? keys.all().get(WatermarkKeys.DEPLOYMENT) : keys.forTenant(tenant);
        WatermarkEmbedder embedder;
        try {
            embedder = WatermarkEmbedder.builder().key(key)
                    .strength(strength != null ? strength : settings.watermark().strength()).build();
        } catch (IllegalStateException e) {
            throw usage("--strength: " + e.getMessage());
        }

        if (kind.still()) {
            Frames marked = WatermarkMedia.markStill(in, out, format, embedder, id);
            stdout.printf(Locale.ROOT, "marked %dx%d %s -> %s (%s)%n", marked.width(), marked.height(), kind, out, format);
        } else {
            WatermarkMedia.MarkedVideo marked = WatermarkMedia.markVideo(in, out, format, embedder, id, settings.encode());
            stdout.printf(Locale.ROOT, "marked %d frames %dx%d at %.3f fps -> %s (%s, %s; audio not copied)%n",
                    marked.frames(), marked.width(), marked.height(), marked.fps(), out, format,
                    format == WatermarkMedia.Output.MP4 ? settings.encode().videoCodec() : "libvpx-vp9");
            if (marked.cropped()) {
                stdout.printf(Locale.ROOT, "cropped from %dx%d: 4:2:0 video needs an even width and height%n",
                        marked.sourceWidth(), marked.sourceHeight());
            }
        }

        Detection readBack = WatermarkMedia.detect(out, WatermarkDetector.builder().key(key).build());
        if (readBack.detected() && id.equals(readBack.watermarkId())) {
            stdout.printf(Locale.ROOT, "read back from %s: %s, %d code-bit errors corrected, false-positive probability %s%n",
                    out, id, readBack.correctedBitErrors(),
                    WatermarkVerifyCommand.probability(readBack.falsePositiveProbability()));
            return 0;
        }
        spec.commandLine().getErr().printf(Locale.ROOT, "the mark does not read back from %s (%s); the content may be"
                + " too small, too flat or too busy for this strength: try a higher --strength%n",
                out, WatermarkVerifyCommand.bestReading(readBack));
        return 1;
    }

    /** The payload as the embedder takes it: 16 lower-case hex digits. */
    private String payload() {
        if (payload == null || !payload.matches("[0-9a-fA-F]{16}")) {
            throw usage("--payload must be 16 hex digits (a 64-bit id), got '" + payload + "'");
        }
        return payload.toLowerCase(Locale.ROOT);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}

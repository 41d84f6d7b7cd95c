package io.reelflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.config.ConfigLoader;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.infra.local.EmbeddedS3;
import io.reelflow.operators.encode.MediaInfo;
import io.reelflow.operators.encode.MediaReader;
import io.reelflow.operators.store.AssetStore;
import io.reelflow.operators.watermark.WatermarkKey;
import io.reelflow.pipeline.Encoded;
import io.reelflow.pipeline.EncodedFile;
import io.reelflow.pipeline.Frames;
import io.reelflow.pipeline.SourceRef;
import io.reelflow.pipeline.Trace;
import io.reelflow.schema.GenerationMode;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.OutputRole;
import io.reelflow.schema.ResultStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** `reelflow watermark embed` and `verify` on files made elsewhere, through real FFmpeg and a real S3 server. */
class WatermarkCommandTest {

    private static final String PAYLOAD = "0123456789abcdef";

    @TempDir
    Path dir;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private int execute(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cli = ReelflowCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @ParameterizedTest
    @CsvSource({"photo.png, marked.png", "photo.jpg, marked.jpg", "photo.png, marked.jpeg"})
    void marksAnImageThatVerifyReadsBack(String input, String output) throws Exception {
        Path in = dir.resolve(input);
        ForeignMedia.writeStill(in, 480, 270, input.endsWith(".png") ? "png" : "jpeg");
        Path marked = dir.resolve(output);

        assertThat(execute("watermark", "embed", "--in", in.toString(), "--out", marked.toString(),
                "--payload", PAYLOAD.toUpperCase())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("read back from " + marked + ": " + PAYLOAD);
        assertThat(WatermarkMedia.sniff(marked)).isEqualTo(
                output.endsWith(".png") ? WatermarkMedia.Kind.PNG : WatermarkMedia.Kind.JPEG);

        assertThat(execute("watermark", "verify", marked.toString(), "--no-index")).as(out.toString()).isZero();
        assertThat(out.toString()).contains("watermark " + PAYLOAD + " found in " + marked,
                "(reported at or below 1e-9)", "code bits corrected", "read at     the whole frame", "frames      1",
                "key         the deployment's");
        assertThat(out.toString()).doesNotContain("tenant");
    }

    @Test
    void verifyFindsTheMarkInACropBySearchingAndSaysSo() throws Exception {
        Path photo = dir.resolve("photo.png");
        ForeignMedia.writeStill(photo, 480, 270, "png");
        Path marked = dir.resolve("marked.png");
        assertThat(execute("watermark", "embed", "--in", photo.toString(), "--out", marked.toString(),
                "--payload", PAYLOAD)).as(err.toString()).isZero();
        Frames whole = StillImage.read(marked).frames();
        byte[] kept = new byte[432 * 243 * 3];
        for (int y = 0; y < 243; y++) { // the left and top tenth cut off
            System.arraycopy(whole.rgb(), ((y + 27) * 480 + 48) * 3, kept, y * 432 * 3, 432 * 3);
        }
        Path cropped = dir.resolve("cropped.png");
        new StillImage(new Frames(432, 243, 1, kept), null).write(cropped, false);

        assertThat(execute("watermark", "verify", "--no-index", cropped.toString())).as(out.toString()).isZero();
        assertThat(out.toString()).contains("watermark " + PAYLOAD + " found",
                "read at     a crop search: the file shows 90.", "of the marked picture, from 10.");
    }

    @ParameterizedTest
    @CsvSource({"clip.mp4, mp4, libopenh264, marked.mp4, h264", "clip.webm, webm, libvpx, marked.webm, vp9"})
    void marksEveryFrameOfAVideoAndKeepsItsSizeAndRate(
            String input, String container, String codec, String output, String outputCodec) throws Exception {
        Path in = dir.resolve(input);
        boolean withAudio = container.equals("mp4");
        ForeignMedia.writeVideo(in, container, codec, withAudio ? ForeignMedia.aac() : 0, 480, 270, 25, 30);
        Path marked = dir.resolve(output);

        assertThat(execute("watermark", "embed", "--in", in.toString(), "--out", marked.toString(),
                "--payload", PAYLOAD)).as(err.toString()).isZero();
        assertThat(out.toString()).contains("marked 30 frames 480x270 at 25.000 fps", "audio not copied");

        MediaInfo info = MediaReader.probe(marked);
        assertThat(info.codec()).isEqualTo(outputCodec);
        assertThat(List.of(info.width(), info.height())).containsExactly(480, 270);
        assertThat(info.fps()).isEqualTo(25.0);
        assertThat(MediaReader.stream(marked, (index, width, height, rgb) -> { }).frames()).isEqualTo(30);

        assertThat(execute("watermark", "verify", "--no-index", marked.toString())).as(out.toString()).isZero();
        assertThat(out.toString()).contains("watermark " + PAYLOAD + " found", "frames      30");
    }

    @Test
    void aVideoOfOddHeightLosesItsLastRow() throws Exception {
        Path in = dir.resolve("odd.webm"); // VP9 codes odd sizes; JavaCV's recorder evens only the width
        ForeignMedia.writeVideo(in, "webm", "libvpx-vp9", 0, 320, 181, 24, 12);
        assertThat(MediaReader.probe(in).height()).isEqualTo(181);
        Path marked = dir.resolve("marked.mp4");

        assertThat(execute("watermark", "embed", "--in", in.toString(), "--out", marked.toString(),
                "--payload", PAYLOAD)).as(err.toString()).isZero();
        assertThat(out.toString()).contains("marked 12 frames 320x180", "cropped from 320x181: 4:2:0 video needs an"
                + " even width and height", "read back from " + marked + ": " + PAYLOAD);
        assertThat(MediaReader.probe(marked).height()).isEqualTo(180);
    }

    @Test
    void anUnmarkedFileOrAnotherSecretReportsNoWatermark() throws Exception {
        Path photo = dir.resolve("photo.png");
        ForeignMedia.writeStill(photo, 480, 270, "png");
        assertThat(execute("watermark", "verify", "--no-index", photo.toString())).isEqualTo(1);
        assertThat(out.toString()).startsWith("no Reelflow watermark found in " + photo + " (1 frame; best reading: ");

        Path marked = dir.resolve("marked.png");
        assertThat(execute("watermark", "embed", "--in", photo.toString(), "--out", marked.toString(),
                "--payload", PAYLOAD)).as(err.toString()).isZero();
        assertThat(execute("watermark", "verify", "--no-index", "--set", "watermark.secret=another-deployment",
                marked.toString())).isEqualTo(1);
        assertThat(out.toString()).startsWith("no Reelflow watermark found");
    }

    @Test
    void aTenantsOwnSecretMarksAndVerifyTriesItAfterTheDeployments() throws Exception {
        Path config = dir.resolve("tenants.yaml");
        Files.writeString(config, """
                tenants:
                  known:
                    - id: acme
                      input-buckets: []
                      watermark-secret: acme-own-secret
                """);
        Path photo = dir.resolve("photo.png");
        ForeignMedia.writeStill(photo, 480, 270, "png");
        Path marked = dir.resolve("marked.png");
        assertThat(execute("watermark", "embed", "--config", config.toString(), "--tenant", "acme",
                "--in", photo.toString(), "--out", marked.toString(), "--payload", PAYLOAD)).as(err.toString()).isZero();

        assertThat(execute("watermark", "verify", "--no-index", marked.toString())).isEqualTo(1);
        assertThat(execute("watermark", "verify", "--no-index", "--config", config.toString(), marked.toString()))
                .as(out.toString()).isZero();
        assertThat(out.toString()).contains("watermark " + PAYLOAD + " found", "2 keys tried, so at most",
                "key         tenant acme's own");
        assertThat(execute("watermark", "embed", "--config", config.toString(), "--tenant", "nobody",
                "--in", photo.toString(), "--out", marked.toString(), "--payload", PAYLOAD)).isEqualTo(2);
        assertThat(err.toString()).contains("--tenant nobody: not a tenant");
    }

    @Test
    void anImageTooSmallToCarryTheMarkFailsItsReadBack() throws Exception {
        Path tiny = dir.resolve("tiny.png");
        ForeignMedia.writeStill(tiny, 48, 27, "png");
        Path marked = dir.resolve("marked.png");

        assertThat(execute("watermark", "embed", "--in", tiny.toString(), "--out", marked.toString(),
                "--payload", PAYLOAD)).isEqualTo(1);
        assertThat(err.toString()).contains("the mark does not read back from " + marked, "try a higher --strength");
    }

    @Test
    void usageErrorsExitWithTwoAndSayWhy() throws Exception {
        Path photo = dir.resolve("photo.png");
        ForeignMedia.writeStill(photo, 320, 180, "png");
        String marked = dir.resolve("marked.png").toString();

        assertThat(execute("watermark", "embed", "--in", photo.toString(), "--out", marked, "--payload", "0123abcd"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--payload must be 16 hex digits (a 64-bit id), got '0123abcd'");
        assertThat(execute("watermark", "embed", "--in", photo.toString(), "--out", marked, "--payload",
                "0123456789abcdeg")).isEqualTo(2);
        assertThat(execute("watermark", "embed", "--in", photo.toString(), "--out", dir.resolve("x.mp4").toString(),
                "--payload", PAYLOAD)).isEqualTo(2);
        assertThat(err.toString()).contains("is an image: --out must be .png, .jpg or .jpeg");
        assertThat(execute("watermark", "embed", "--in", photo.toString(), "--out", dir.resolve("x.gif").toString(),
                "--payload", PAYLOAD)).isEqualTo(2);
        assertThat(execute("watermark", "embed", "--in", photo.toString(), "--out", marked, "--payload", PAYLOAD,
                "--strength", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--strength: strength must be in (0, 10], was 0.0");
        assertThat(execute("watermark", "verify", dir.resolve("missing.png").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("missing.png: no such file");
        assertThat(Files.exists(Path.of(marked))).isFalse();
    }

    @Test
    void verifyNamesTheRequestFromTheStoresIndexAndStillReportsWhenTheStoreIsDown() throws Exception {
        ReelflowConfig local = ConfigLoader.builder().set("storage.endpoint", "http://127.0.0.1:0").build();
        String id = WatermarkKey.fromSecret(local.watermark().secret()).watermarkId("demo", "req-7");
        Path photo = dir.resolve("photo.png");
        ForeignMedia.writeStill(photo, 480, 270, "png");
        Path marked = dir.resolve("output.png");
        assertThat(execute("watermark", "embed", "--in", photo.toString(), "--out", marked.toString(), "--payload", id))
                .as(err.toString()).isZero();

        try (EmbeddedS3 s3 = EmbeddedS3.start(local.storage(), dir.resolve("s3"))) {
            storeAsTheJobWould(ConfigLoader.builder().set("storage.endpoint", s3.endpoint()).build(), id, marked);

            assertThat(execute("watermark", "verify", marked.toString(), "--set", "storage.endpoint=" + s3.endpoint()))
                    .as(err.toString()).isZero();
        }
        assertThat(out.toString()).contains("watermark " + id + " found", "tenant      demo", "request     req-7",
                "campaign    spring-sale", "created     2026-11-24T12:00:00Z", "asset       s3://reelflow-outputs/demo/req-7/output.png");

        String down = closedPort();
        assertThat(execute("watermark", "verify", marked.toString(), "--set", "storage.endpoint=" + down,
                "--set", "storage.upload-attempts=1")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("watermark " + id + " found",
                "index       not read, the object store at " + down + " is unreachable");
    }

    /** The store stage's work for a request whose output is {@code file}: the object and its index entry. */
    private static void storeAsTheJobWould(ReelflowConfig config, String watermarkId, Path file) throws Exception {
        GenerationRequest request = GenerationRequest.newBuilder().setRequestId("req-7").setTenantId("demo")
                .setCampaignId("spring-sale").setSubmittedAt(Instant.parse("2026-11-24T10:00:00Z"))
                .setMode(GenerationMode.TEXT_TO_IMAGE).setPrompt("a photo").setWidth(480).setHeight(270).build();
        Trace trace = Trace.accepted(request, new SourceRef("reelflow.requests", 0, 1), 0).withWatermarkId(watermarkId);
        EncodedFile png = new EncodedFile("output.png", OutputRole.PRIMARY, "image/png", Files.readAllBytes(file),
                480, 270, 1, 0);
        Clock completion = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC);
        try (AssetStore store = AssetStore.builder().storage(config.storage()).clock(completion).build()) {
            store.open();
            assertThat(store.store(new Encoded(trace, List.of(png))).result().getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        }
    }

    /** An endpoint nothing listens on: a port that was free a moment ago. */
    private static String closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }
}

package io.reelflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reelflow.config.ConfigLoader;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.infra.campaign.CampaignExport;
import io.reelflow.infra.campaign.CampaignExport.Kind;
import io.reelflow.infra.campaign.CampaignExport.Line;
import io.reelflow.infra.campaign.CampaignExport.Report;
import io.reelflow.infra.local.EmbeddedS3;
import io.reelflow.model.ModelCatalog;
import io.reelflow.operators.campaign.CampaignSummary;
import io.reelflow.operators.campaign.report.CampaignManifest;
import io.reelflow.operators.campaign.spec.CampaignSpecParser;
import io.reelflow.operators.campaign.spec.ParsedSpec;
import io.reelflow.operators.campaign.spec.PlannedOutput;
import io.reelflow.operators.encode.VideoFileWriter;
import io.reelflow.operators.store.AssetStore;
import io.reelflow.operators.store.StoreOutcome;
import io.reelflow.pipeline.Encoded;
import io.reelflow.pipeline.EncodedFile;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.ObjectWrite;
import io.reelflow.pipeline.Outcomes;
import io.reelflow.pipeline.Rejection;
import io.reelflow.pipeline.Sha256;
import io.reelflow.pipeline.SourceRef;
import io.reelflow.pipeline.Trace;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ModerationDecision;
import io.reelflow.schema.ModerationVerdict;
import io.reelflow.schema.OutputRole;
import io.reelflow.schema.ResultStatus;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code campaign export} against a real S3 server (S3Proxy) holding what the store stage writes: real PNGs and an
 * H.264 MP4 stored by {@link AssetStore}, a held output released by a reviewer and one still held, a failure and an
 * output without a result, in a manifest {@link CampaignManifest} made from those results. Then a rerun that must
 * download nothing, and a tampered object that must not be exported.
 */
class CampaignExportIT {

    private static final String SPEC = """
            campaign: spring
            tenant: demo
            templates:
              hero: "close-up of {product}"
            variables:
              product: [a teapot, a jug, a basket]
            cross: [product]
            formats:
              square: image 64x64
              clip: video 128x72 1s
            """;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void exportsApprovedOutputsNamedForPeopleVerifiedAndOnlyOnce() throws Exception {
        List<PlannedOutput> outputs = plan();
        Map<String, PlannedOutput> byPath = new LinkedHashMap<>();
        outputs.forEach(o -> byPath.put(o.key().path(), o));
        ReelflowConfig local = ConfigLoader.builder().set("storage.endpoint", "http://127.0.0.1:0").build();
        Path out = dir.resolve("out");
        Path campaignDir = out.resolve("spring");
        try (EmbeddedS3 s3 = EmbeddedS3.start(local.storage(), dir.resolve("s3"))) {
            ReelflowConfig config = ConfigLoader.builder().set("storage.endpoint", s3.endpoint()).build();
            try (AssetStore store = AssetStore.builder().storage(config.storage()).build()) {
                store.open();
                byte[] teapotPng = png(64, 64, Color.ORANGE);
                byte[] teapotMp4 = mp4(config);
                byte[] teapotPoster = png(128, 72, Color.PINK);
                byte[] jugPng = png(64, 64, Color.BLUE);
                List<GenerationResult> results = new ArrayList<>();
                results.add(stored(store, byPath.get("spring/square/hero-a-teapot"), false, image(teapotPng)).result());
                results.add(stored(store, byPath.get("spring/clip/hero-a-teapot"), false,
                        video(teapotMp4), poster(teapotPoster)).result());
                StoreOutcome.Held released = (StoreOutcome.Held) stored(store, byPath.get("spring/square/hero-a-jug"),
                        true, image(jugPng));
                store.release(released.task());
                results.add(released.result());
                results.add(stored(store, byPath.get("spring/clip/hero-a-jug"), true, video(mp4(config)),
                        poster(png(128, 72, Color.GRAY))).result());
                PlannedOutput failed = byPath.get("spring/square/hero-a-basket");
                results.add(Outcomes.ended(trace(failed, false), ResultStatus.FAILED,
                        Rejection.of(ErrorCode.GENERATION_FAILED, "out of memory"), Instant.now()));
                // spring/clip/hero-a-basket: no result, PENDING
                store.write(new ObjectWrite("demo/campaigns/spring/manifest.json", "application/json",
                        manifest(outputs, results).getBytes(StandardCharsets.UTF_8)));

                CampaignExport export = new CampaignExport(store, config.storage());
                Report first = export.export("demo", "spring", out, true, line -> {});

                assertThat(first.lines()).extracting(Line::output, Line::kind).containsExactly(
                        tuple("spring/square/hero-a-teapot", Kind.EXPORTED),
                        tuple("spring/clip/hero-a-teapot", Kind.EXPORTED),
                        tuple("spring/square/hero-a-jug", Kind.EXPORTED),
                        tuple("spring/clip/hero-a-jug", Kind.SKIPPED),
                        tuple("spring/square/hero-a-basket", Kind.SKIPPED),
                        tuple("spring/clip/hero-a-basket", Kind.SKIPPED));
                assertThat(first.lines().get(3).detail()).isEqualTo("held for review; not released by a reviewer yet");
                assertThat(first.lines().get(4).detail()).isEqualTo("GENERATION_FAILED: out of memory");
                assertThat(first.summary()).isEqualTo("3 exported (0 unchanged), 3 skipped by status"
                        + " (1 FAILED, 1 HELD_FOR_REVIEW, 1 PENDING), 0 errors");
                assertThat(files(campaignDir)).containsExactlyInAnyOrder("square/hero-a-teapot.png",
                        "clip/hero-a-teapot.mp4", "clip/hero-a-teapot.poster.png", "square/hero-a-jug.png",
                        "manifest.json", "manifest.csv");
                assertThat(Files.readAllBytes(campaignDir.resolve("square/hero-a-teapot.png"))).isEqualTo(teapotPng);
                assertThat(Files.readAllBytes(campaignDir.resolve("clip/hero-a-teapot.mp4"))).isEqualTo(teapotMp4);
                assertThat(Files.readAllBytes(campaignDir.resolve("clip/hero-a-teapot.poster.png")))
                        .isEqualTo(teapotPoster);
                assertThat(Files.readAllBytes(campaignDir.resolve("square/hero-a-jug.png"))).isEqualTo(jugPng);

                JsonNode exported = JSON.readTree(campaignDir.resolve("manifest.json").toFile());
                assertThat(exported).hasSize(6);
                assertThat(exported.get(1).get("file").asText()).isEqualTo("clip/hero-a-teapot.mp4");
                assertThat(exported.get(1).get("poster_file").asText()).isEqualTo("clip/hero-a-teapot.poster.png");
                assertThat(exported.get(1).get("sha256").asText()).isEqualTo(Sha256.hex(teapotMp4));
                assertThat(exported.get(3).get("file").isNull()).isTrue();
                List<String> csv = Files.readString(campaignDir.resolve("manifest.csv")).lines().toList();
                assertThat(csv.get(0)).startsWith("key,template,variant,format,variable.product,output,status,")
                        .endsWith(",file,poster_file");
                assertThat(csv.get(3)).startsWith("spring/square/hero-a-jug,").endsWith(",square/hero-a-jug.png,");
                assertThat(csv.get(4)).startsWith("spring/clip/hero-a-jug,").endsWith(",,");

                // Tampered in the store after the export: the rerun must not even read it, its file is already right.
                String tampered = "demo/" + byPath.get("spring/square/hero-a-teapot").requestId() + "/image.png";
                store.write(new ObjectWrite(tampered, "image/png", png(64, 64, Color.RED)));
                Report rerun = export.export("demo", "spring", out, true, line -> {});

                assertThat(rerun.summary()).isEqualTo("3 exported (3 unchanged), 3 skipped by status"
                        + " (1 FAILED, 1 HELD_FOR_REVIEW, 1 PENDING), 0 errors");
                assertThat(Files.readAllBytes(campaignDir.resolve("square/hero-a-teapot.png"))).isEqualTo(teapotPng);

                // Gone locally: now it is downloaded, and its bytes are not the manifest's.
                Files.delete(campaignDir.resolve("square/hero-a-teapot.png"));
                Report third = export.export("demo", "spring", out, false, line -> {});

                assertThat(third.lines().get(0).kind()).isEqualTo(Kind.ERROR);
                assertThat(third.lines().get(0).detail()).contains("s3://reelflow-outputs/" + tampered + " has sha256 ")
                        .endsWith(", not the manifest's " + Sha256.hex(teapotPng) + "; not exported");
                assertThat(third.count(Kind.ERROR)).isEqualTo(1);
                assertThat(files(campaignDir)).doesNotContain("square/hero-a-teapot.png")
                        .noneMatch(name -> name.endsWith(".part"));
                assertThat(JSON.readTree(campaignDir.resolve("manifest.json").toFile()).get(0).get("file").isNull())
                        .isTrue();
            }
        }
    }

    private List<PlannedOutput> plan() throws IOException {
        Path spec = dir.resolve("spring.yaml");
        Files.writeString(spec, SPEC);
        ParsedSpec parsed = CampaignSpecParser.parse(spec, ReelflowConfig.defaults(),
                new ModelCatalog(Path.of("../models").toAbsolutePath().normalize().toString()));
        return parsed.campaign().orElseThrow(() -> new AssertionError(parsed.problems())).outputs();
    }

    /**
     * The manifest {@code campaign run} writes. A held output's row is HELD_FOR_REVIEW with the result its approval
     * publishes; CampaignManifest.of(outputs, results) reports that result's own status, so the row is marked here.
     */
    private static String manifest(List<PlannedOutput> outputs, List<GenerationResult> results) throws IOException {
        ArrayNode rows = (ArrayNode) JSON.readTree(CampaignManifest.of(outputs, results).toJson());
        for (JsonNode row : rows) {
            if (row.get("key").asText().endsWith("hero-a-jug")) {
                ((ObjectNode) row).put("status", CampaignSummary.HELD);
            }
        }
        return rows.toPrettyString();
    }

    private static StoreOutcome stored(AssetStore store, PlannedOutput output, boolean held, EncodedFile... files)
            throws Exception {
        StoreOutcome outcome = store.store(new Encoded(trace(output, held), List.of(files)));
        assertThat(outcome).isInstanceOf(held ? StoreOutcome.Held.class : StoreOutcome.Stored.class);
        return outcome;
    }

    private static Trace trace(PlannedOutput output, boolean held) {
        return Trace.accepted(output.request(Instant.now()), new SourceRef("campaign", 0, 0), 0)
                .withModeration(ModerationVerdict.newBuilder()
                        .setDecision(held ? ModerationDecision.REVIEW : ModerationDecision.ALLOW)
                        .setPolicyVersion("v1").build());
    }

    private static EncodedFile image(byte[] png) {
        return new EncodedFile("image.png", OutputRole.PRIMARY, "image/png", png, 64, 64, 1, 0);
    }

    private static EncodedFile video(byte[] mp4) {
        return new EncodedFile("video.mp4", OutputRole.PRIMARY, "video/mp4", mp4, 128, 72, 12, 1);
    }

    private static EncodedFile poster(byte[] png) {
        return new EncodedFile("poster.png", OutputRole.POSTER, "image/png", png, 128, 72, 1, 0);
    }

    private static byte[] png(int width, int height, Color colour) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, colour, width, height, Color.WHITE));
        g.fillRect(0, 0, width, height);
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return bytes.toByteArray();
    }

    /** One second of H.264 at 12 fps, as the encode stage writes it. */
    private byte[] mp4(ReelflowConfig config) throws IOException {
        Path file = Files.createTempFile(dir, "clip", ".mp4");
        try (VideoFileWriter writer = VideoFileWriter.builder().file(file).size(128, 72).fps(12)
                .encode(config.encode()).build()) {
            for (int f = 0; f < 12; f++) {
                byte[] rgb = new byte[128 * 72 * 3];
                for (int i = 0; i < rgb.length; i += 3) {
                    rgb[i] = (byte) ((i / 3) % 128 * 2 + f * 10);
                    rgb[i + 1] = (byte) ((i / 3) / 128 * 3);
                    rgb[i + 2] = (byte) 128;
                }
                writer.write(rgb);
            }
            writer.finish();
        }
        return Files.readAllBytes(file);
    }

    private static List<String> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).toList();
        }
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }
}

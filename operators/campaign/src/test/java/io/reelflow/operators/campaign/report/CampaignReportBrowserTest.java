package io.reelflow.operators.campaign.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.campaign.spec.PlannedOutput;
import io.reelflow.operators.encode.VideoFileWriter;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the report in headless Chromium (Debian's {@code chromium}, installed by .ci/run), served over HTTP from a
 * directory laid out as the object store is, with a real PNG per image and a real H.264 MP4 per video.
 */
class CampaignReportBrowserTest {

    private static final Path SCREENSHOT = Path.of("target/campaign-report.png");

    @TempDir
    Path dir;

    private ReportBrowser browser;
    private List<PlannedOutput> outputs;

    @BeforeEach
    void serve() throws IOException {
        outputs = ReportFixtures.outputs(Files.createDirectories(dir.resolve("spec")));
        CampaignManifest manifest = CampaignManifest.of(outputs, ReportFixtures.results(outputs, "boom"));
        Path root = dir.resolve("bucket");
        for (ManifestRow row : manifest.rows()) {
            if (row.objectUri() != null) {
                Path media = local(root, row.objectUri());
                if (row.isVideo()) {
                    mp4(media);
                    png(local(root, row.posterUri()), 256, 144);
                } else {
                    png(media, 256, 256);
                }
            }
        }
        String html = CampaignReport.html("spring", manifest, CampaignReport.relativeTo(CampaignReportTest.REPORT_URI));
        Files.writeString(local(root, CampaignReportTest.REPORT_URI), html);
        browser = new ReportBrowser(root, dir);
    }

    @AfterEach
    void stop() {
        browser.close();
    }

    @Test
    void everyThumbnailLoadsAndEveryVideoHasAPlayableSource() throws Exception {
        String report = CampaignReportTest.REPORT_URI.substring(ReportFixtures.BUCKET.length() + 1);
        JsonNode result = browser.check(report);
        String dom = Files.readString(dir.resolve("chromium.out"));

        assertThat(result.get("images")).hasSize(2).allSatisfy(loaded -> assertThat(loaded.asBoolean()).isTrue());
        assertThat(result.get("videos")).hasSize(2).allSatisfy(video -> {
            assertThat(video.get("canPlay").asText()).isIn("maybe", "probably");
            assertThat(video.get("loaded").asBoolean()).isTrue();
            assertThat(video.get("ready").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(video.get("width").asInt()).isEqualTo(256);
        });
        // hostile variable values arrived as text, not markup
        assertThat(dom).doesNotContain("<script>alert");

        browser.screenshot(report, SCREENSHOT);
    }

    private static Path local(Path root, String objectUri) throws IOException {
        Path file = root.resolve(objectUri.substring(ReportFixtures.BUCKET.length() + 1));
        Files.createDirectories(file.getParent());
        return file;
    }

    private static void png(Path file, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new java.awt.GradientPaint(0, 0, new Color(0x8fb996), width, height, new Color(0xf4e4a1)));
        g.fillRect(0, 0, width, height);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static void mp4(Path file) throws IOException {
        int width = 256;
        int height = 144;
        try (VideoFileWriter writer = VideoFileWriter.builder().file(file).size(width, height).fps(12)
                .encode(ReelflowConfig.defaults().encode()).build()) {
            for (int f = 0; f < 12; f++) {
                byte[] rgb = new byte[width * height * 3];
                for (int i = 0; i < rgb.length; i += 3) {
                    int x = (i / 3) % width;
                    rgb[i] = (byte) (x + f * 10);
                    rgb[i + 1] = (byte) ((i / 3) / width);
                    rgb[i + 2] = (byte) 128;
                }
                writer.write(rgb);
            }
            writer.finish();
        }
    }
}

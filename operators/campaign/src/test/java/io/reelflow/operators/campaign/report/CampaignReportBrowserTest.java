package io.reelflow.operators.campaign.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.campaign.spec.PlannedOutput;
import io.reelflow.operators.encode.VideoFileWriter;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path SCREENSHOT = Path.of("target/campaign-report.png");
    /** Runs after load and writes what the page could show into {@code body[data-check]}, for --dump-dom. */
    private static final String CHECK = """
            <script>
            window.addEventListener('load', () => {
              const images = [...document.images].map(i => i.complete && i.naturalWidth > 0);
              const videos = [...document.querySelectorAll('video')];
              Promise.all(videos.map(v => v.readyState >= 1 ? true : new Promise(done => {
                v.addEventListener('loadedmetadata', () => done(true));
                v.addEventListener('error', () => done(false), true);
              }))).then(loaded => document.body.setAttribute('data-check', JSON.stringify({
                images,
                videos: videos.map((v, i) => ({loaded: loaded[i], ready: v.readyState, width: v.videoWidth,
                    canPlay: v.canPlayType(v.querySelector('source').type)}))
              })));
            });
            </script>
            """;

    @TempDir
    Path dir;

    private HttpServer server;
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
        Files.writeString(local(root, CampaignReportTest.REPORT_URI), html.replace("</body>", CHECK + "</body>"));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Path file = root.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                String name = file.getFileName().toString();
                exchange.getResponseHeaders().set("Content-Type", name.endsWith(".html") ? "text/html; charset=utf-8"
                        : name.endsWith(".mp4") ? "video/mp4" : "image/png");
                exchange.sendResponseHeaders(200, Files.size(file));
                Files.copy(file, exchange.getResponseBody());
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void everyThumbnailLoadsAndEveryVideoHasAPlayableSource() throws Exception {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/demo/campaigns/spring/report.html";
        String dom = chromium("--dump-dom", "--virtual-time-budget=15000", url);
        Matcher check = Pattern.compile("data-check=\"([^\"]*)\"").matcher(dom);
        assertThat(check.find()).as("the check script reported; DOM:%n%s", dom).isTrue();
        JsonNode result = new ObjectMapper().readTree(check.group(1).replace("&quot;", "\"").replace("&amp;", "&"));

        assertThat(result.get("images")).hasSize(2).allSatisfy(loaded -> assertThat(loaded.asBoolean()).isTrue());
        assertThat(result.get("videos")).hasSize(2).allSatisfy(video -> {
            assertThat(video.get("canPlay").asText()).isIn("maybe", "probably");
            assertThat(video.get("loaded").asBoolean()).isTrue();
            assertThat(video.get("ready").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(video.get("width").asInt()).isEqualTo(256);
        });
        // hostile variable values arrived as text, not markup
        assertThat(dom).doesNotContain("<script>alert");

        Files.createDirectories(SCREENSHOT.getParent());
        Files.deleteIfExists(SCREENSHOT);
        chromium("--screenshot=" + SCREENSHOT.toAbsolutePath(), "--window-size=1280,1000", "--hide-scrollbars",
                "--virtual-time-budget=15000", url);
        assertThat(ImageIO.read(SCREENSHOT.toFile()).getWidth()).isEqualTo(1280);
    }

    private String chromium(String... args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(dir, "profile");
        List<String> command = new java.util.ArrayList<>(List.of(CHROMIUM.toString(), "--headless=new", "--no-sandbox",
                "--disable-gpu", "--no-first-run", "--mute-audio", "--user-data-dir=" + profile));
        command.addAll(List.of(args));
        Path out = dir.resolve("chromium.out");
        Process process = new ProcessBuilder(command).redirectErrorStream(false)
                .redirectOutput(out.toFile()).redirectError(dir.resolve("chromium.err").toFile()).start();
        try {
            assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        return Files.readString(out, StandardCharsets.UTF_8);
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

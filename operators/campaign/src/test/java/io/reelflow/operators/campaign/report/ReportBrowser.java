package io.reelflow.operators.campaign.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * A campaign report opened in headless Chromium (Debian's {@code chromium}, installed by .ci/run), served over HTTP from
 * a directory laid out as the object store is (or as {@code campaign run} copies it locally). Shared with the ITs that
 * check the reports real runs write.
 */
public final class ReportBrowser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
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

    private final Path root;
    private final Path work;
    private final HttpServer server;

    /** Serves {@code root} over HTTP on a free loopback port; Chromium's profile and output go to {@code work}. */
    public ReportBrowser(Path root, Path work) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.work = work;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Path file = this.root.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            if (!file.startsWith(this.root) || !Files.isRegularFile(file)) {
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

    /**
     * Opens the report at {@code reportPath} (relative to the root) with the check script added, and returns what it
     * reported: {@code images} (loaded or not, per {@code <img>}) and {@code videos} (loaded, readyState, width,
     * canPlay, per {@code <video>}). The report file itself is left as it was.
     */
    public JsonNode check(String reportPath) throws IOException, InterruptedException {
        Path report = root.resolve(reportPath);
        Path checked = report.resolveSibling(".checked-" + report.getFileName());
        Files.writeString(checked, Files.readString(report).replace("</body>", CHECK + "</body>"));
        String dom = chromium("--dump-dom", "--virtual-time-budget=15000", url(root.relativize(checked)));
        Matcher check = Pattern.compile("data-check=\"([^\"]*)\"").matcher(dom);
        assertThat(check.find()).as("the check script reported; DOM:%n%s", dom).isTrue();
        return new ObjectMapper().readTree(check.group(1).replace("&quot;", "\"").replace("&amp;", "&"));
    }

    /** Saves a screenshot of the report, 1280 px wide. */
    public void screenshot(String reportPath, Path png) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.deleteIfExists(png);
        chromium("--screenshot=" + png.toAbsolutePath(), "--window-size=1280,1000", "--hide-scrollbars",
                "--virtual-time-budget=15000", url(Path.of(reportPath)));
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(1280);
    }

    private String url(Path relative) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + relative.toString().replace('\\', '/');
    }

    private String chromium(String... args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(work, "profile");
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless=new", "--no-sandbox",
                "--disable-gpu", "--no-first-run", "--mute-audio", "--user-data-dir=" + profile));
        command.addAll(List.of(args));
        Path out = work.resolve("chromium.out");
        Process process = new ProcessBuilder(command).redirectErrorStream(false)
                .redirectOutput(out.toFile()).redirectError(work.resolve("chromium.err").toFile()).start();
        try {
            assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

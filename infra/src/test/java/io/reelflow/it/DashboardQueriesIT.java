package io.reelflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.infra.local.LocalServers;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.Priority;
import io.reelflow.schema.ResultStatus;
import io.reelflow.schema.codec.SingleObjectCodec;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every PromQL expression the dashboards and rules use works against a live cluster: a two-TaskManager standalone
 * cluster runs the streaming job on a workload that makes every metric exist (requests that succeed, some of a
 * campaign, a refused prompt, one held for review, a malformed record), the real {@code prometheus} binary scrapes
 * the cluster's reporter ports with dashboards/prometheus/alerts.yml loaded, and each expression read from
 * dashboards/grafana/dashboards/*.json and the rules file must evaluate without error, return at least one series,
 * and name only metrics Prometheus has scraped from the job (or recorded from its rules).
 *
 * <p>An alert's expression is legitimately empty while the cluster is healthy (that is what it is for), so for alerts
 * each operand of {@code and}/{@code or}/{@code unless}, unwrapped from {@code absent(...)}, is evaluated on both
 * sides of its threshold comparison (sides that are a plain number are skipped): the series the alert compares must
 * exist.
 */
class DashboardQueriesIT {

    private static final Path DASHBOARDS = Path.of("..", "dashboards");
    /** Reporter ports of this test's cluster (ClusterIT and the other ITs use other ranges). */
    private static final int FIRST_REPORTER_PORT = 9480;
    private static final int LAST_REPORTER_PORT = 9499;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern METRIC = Pattern.compile("\\b(flink_[A-Za-z0-9_]+|reelflow:[A-Za-z0-9_:]+)");

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyDashboardAndRuleExpressionReturnsSeriesFromALiveCluster() throws Exception {
        Map<String, String> expressions = expressions();
        assertThat(expressions).as("expressions in the dashboards and rules").hasSizeGreaterThan(40);
        Path clusterDir = dataDir.resolve("cluster");
        try (LocalServers servers = ClusterItServers.start(dataDir)) {
            ReelflowConfig config = servers.config();
            List<String> settings = ClusterItServers.settings(dataDir, config,
                    FIRST_REPORTER_PORT + "-" + LAST_REPORTER_PORT, "pipeline.parallelism=2");
            Process prometheus = null;
            try {
                String restUrl = CliJvm.run(dataDir, CliJvm.withSettings(settings, "cluster", "up", "--taskmanagers", "2", "--slots", "1",
                        "--rest-port", "0", "--data-dir", clusterDir.toString())).strip();
                CliJvm.run(dataDir, CliJvm.withSettings(settings, "run", "--cluster", restUrl));
                int prometheusPort = freePort();
                prometheus = startPrometheus(prometheusPort);
                int results = sendWorkload(config);
                List<GenerationResult> received = Outputs.readCommitted(config, config.kafka().topics().results(),
                        GenerationResult.class, results, Duration.ofMinutes(2));
                assertThat(received).as("results (logs under %s)", clusterDir.resolve("logs"))
                        .extracting(GenerationResult::getStatus)
                        .contains(ResultStatus.SUCCEEDED, ResultStatus.REJECTED);

                Map<String, String> failures = awaitEveryExpression(prometheusPort, expressions, Duration.ofMinutes(2));
                assertThat(failures).as("expressions that failed against the live cluster (prometheus log: %s)",
                        dataDir.resolve("prometheus.log")).isEmpty();
            } finally {
                if (prometheus != null) {
                    prometheus.destroy();
                    if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                        prometheus.destroyForcibly().waitFor();
                    }
                }
                CliJvm.run(dataDir, List.of("cluster", "down", "--data-dir", clusterDir.toString(), "--grace", "PT20S"));
            }
        }
    }

    /** Every expression, read from the files, keyed by what to call it in a failure ("file: panel/record/alert"). */
    private static Map<String, String> expressions() throws Exception {
        Map<String, String> found = new LinkedHashMap<>();
        List<Path> dashboards;
        try (Stream<Path> files = Files.list(DASHBOARDS.resolve("grafana").resolve("dashboards"))) {
            dashboards = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(dashboards).hasSizeGreaterThanOrEqualTo(5);
        for (Path file : dashboards) {
            for (JsonNode panel : JSON.readTree(file.toFile()).path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    found.put(file.getFileName() + ": " + panel.path("title").asText() + " "
                            + target.path("refId").asText(), target.path("expr").asText());
                }
            }
        }
        for (JsonNode group : YAML.readTree(DASHBOARDS.resolve("prometheus").resolve("alerts.yml").toFile()).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String expr = rule.path("expr").asText().strip();
                if (rule.has("record")) {
                    found.put("alerts.yml: record " + rule.path("record").asText(), expr);
                } else {
                    List<String> sides = AlertOperands.of(expr);
                    assertThat(sides).as("operands of alert %s", rule.path("alert").asText()).isNotEmpty();
                    for (int i = 0; i < sides.size(); i++) {
                        found.put("alerts.yml: alert " + rule.path("alert").asText() + " operand " + (i + 1), sides.get(i));
                    }
                }
            }
        }
        return found;
    }

    /**
     * Evaluates every expression until all pass (series appear as Prometheus scrapes and rate windows fill) or
     * {@code patience} is over; returns what still fails, with why.
     */
    private Map<String, String> awaitEveryExpression(int port, Map<String, String> expressions, Duration patience)
            throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        Map<String, String> failures;
        do {
            Thread.sleep(2000);
            failures = new LinkedHashMap<>();
            Set<String> scraped = names(port);
            for (Map.Entry<String, String> e : expressions.entrySet()) {
                String why = check(port, e.getValue(), scraped);
                if (why != null) {
                    failures.put(e.getKey() + ": " + e.getValue(), why);
                }
            }
        } while (!failures.isEmpty() && System.nanoTime() < deadline);
        return failures;
    }

    /** Null if {@code expr} names only scraped or recorded metrics and returns series; else why not. */
    private String check(int port, String expr, Set<String> scraped) throws Exception {
        Set<String> unknown = new TreeSet<>();
        Matcher metric = METRIC.matcher(expr);
        while (metric.find()) {
            if (!scraped.contains(metric.group(1))) {
                unknown.add(metric.group(1));
            }
        }
        if (!unknown.isEmpty()) {
            return "names metrics the job does not export (or no rule recorded): " + unknown;
        }
        JsonNode answer = get(port, "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
        if (!"success".equals(answer.path("status").asText())) {
            return "error: " + answer.path("error").asText();
        }
        JsonNode result = answer.path("data").path("result");
        return result.isArray() && result.isEmpty() ? "no series" + seriesLike(port, expr) : null;
    }

    /** One series of the first metric {@code expr} names, to show which labels a selector missed. */
    private String seriesLike(int port, String expr) throws Exception {
        Matcher metric = METRIC.matcher(expr);
        if (!metric.find()) {
            return "";
        }
        JsonNode one = get(port, "/api/v1/query?query=" + URLEncoder.encode("topk(1, " + metric.group(1) + ")",
                StandardCharsets.UTF_8)).path("data").path("result");
        return one.isEmpty() ? "" : "; a series of " + metric.group(1) + " has labels " + one.get(0).path("metric");
    }

    /** Metric names Prometheus holds: what it scraped from the cluster and what the rules recorded. */
    private Set<String> names(int port) throws Exception {
        Set<String> names = new LinkedHashSet<>();
        get(port, "/api/v1/label/__name__/values").path("data").forEach(n -> names.add(n.asText()));
        return names;
    }

    private JsonNode get(int port, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    /**
     * The real prometheus binary with the repository's scrape config turned to this test: its targets are this
     * cluster's reporter ports, intervals of 1 s, the rules file by absolute path, storage in the temp dir.
     */
    private Process startPrometheus(int port) throws Exception {
        ObjectNode config = (ObjectNode) YAML.readTree(DASHBOARDS.resolve("prometheus").resolve("prometheus.yml").toFile());
        ObjectNode global = (ObjectNode) config.path("global");
        global.put("scrape_interval", "1s").put("evaluation_interval", "1s");
        config.putArray("rule_files").add(DASHBOARDS.resolve("prometheus").resolve("alerts.yml").toAbsolutePath().normalize().toString());
        ArrayNode targets = ((ObjectNode) config.path("scrape_configs").get(0).path("static_configs").get(0)).putArray("targets");
        for (int p = FIRST_REPORTER_PORT; p <= LAST_REPORTER_PORT; p++) {
            targets.add("127.0.0.1:" + p);
        }
        Path file = dataDir.resolve("prometheus.yml");
        YAML.writeValue(file.toFile(), config);
        Process process = new ProcessBuilder(prometheusExecutable(), "--config.file=" + file,
                "--storage.tsdb.path=" + dataDir.resolve("prometheus-data"),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dataDir.resolve("prometheus.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return process;
                }
            } catch (java.io.IOException notYet) {
                assertThat(process.isAlive()).as("prometheus: %s", Files.readString(dataDir.resolve("prometheus.log")))
                        .isTrue();
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new AssertionError("prometheus not ready on port " + port + ": " + Files.readString(dataDir.resolve("prometheus.log")));
    }

    private static String prometheusExecutable() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "prometheus"))) {
                return Path.of(dir, "prometheus").toString();
            }
        }
        throw new AssertionError("prometheus is not on the PATH: install Debian's prometheus package (.ci/run installs it)");
    }

    /**
     * Six image requests that succeed (three of campaign spring-sale, in every priority lane), a refused prompt, one
     * held for review and a malformed record; returns how many results to wait for (the held one has none yet).
     */
    private static int sendWorkload(ReelflowConfig config) throws Exception {
        SingleObjectCodec<GenerationRequest> codec = SingleObjectCodec.of(GenerationRequest.class);
        List<byte[]> payloads = new ArrayList<>();
        Priority[] lanes = Priority.values();
        for (int i = 0; i < 6; i++) {
            payloads.add(codec.encode(TestRequests.image("dash-" + i, 128, 128).setSteps(2)
                    .setPriority(lanes[i % lanes.length]).setCampaignId(i < 3 ? "spring-sale" : null).build()));
        }
        payloads.add(codec.encode(TestRequests.image("dash-blocked", 128, 128)
                .setPrompt("a graphic beheading with blood spraying everywhere").build()));
        payloads.add(codec.encode(TestRequests.image("dash-review", 128, 128).setSteps(2)
                .setPrompt("a deepfake of joe biden giving a speech").build()));
        payloads.add("this is not a request".getBytes(StandardCharsets.UTF_8));
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (byte[] payload : payloads) {
                producer.send(new ProducerRecord<>(config.kafka().topics().requests(), payload)).get();
            }
        }
        return payloads.size() - 1;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

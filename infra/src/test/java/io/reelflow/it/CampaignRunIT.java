package io.reelflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minio.MinioClient;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.infra.local.LocalServers;
import io.reelflow.jobs.CampaignRuns;
import io.reelflow.operators.campaign.report.ReportBrowser;
import io.reelflow.operators.campaign.run.CampaignLedger;
import io.reelflow.operators.campaign.run.LedgerRecord;
import io.reelflow.operators.store.AssetStore;
import io.reelflow.schema.GenerationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `reelflow campaign run` as a marketing team uses it, in its own JVM against a real broker and S3 server: a run of
 * 27 outputs with a brand kit (its logo uploaded and drawn on each), killed half-way, rerun to the full set without redoing anything the first run stored, then the spec
 * changed (one variable value) and a budget set, so only the changed variants run, up to the budget.
 */
class CampaignRunIT {

    private static final String SPEC = """
            campaign: it-run
            tenant: demo
            steps: 2
            templates:
              shot: "a {colour} ball on a {ground} background"
              hero: "close-up of a {colour} ball"
            variables:
              colour: [red, blue, green]
              ground: [black, white]
            cross: [colour, ground]
            formats:
              square: image 128x128
              wide: video 192x108 1s
              tall: video 108x192 1s
            brand:
              logo:
                file: logo.png
                scale: 0.3
              palette: [sage, cream]
              forbidden-words: [cheap]
            """;

    @TempDir
    Path dataDir;

    @Test
    void aKilledRunResumesWithoutRedoingWorkAndAChangedSpecRunsOnlyItsChanges() throws Exception {
        try (LocalServers servers = ClusterItServers.start(dataDir);
                AssetStore store = AssetStore.builder().storage(servers.config().storage()).build()) {
            ReelflowConfig config = servers.config();
            CampaignRuns runs = new CampaignRuns(store, config.storage());
            List<String> settings = ClusterItServers.settings(dataDir, config, "9730-9759");
            Path spec = dataDir.resolve("it-run.yaml");
            Files.writeString(spec, SPEC);
            Files.copy(Path.of("../examples/brand/spring-logo.png"), dataDir.resolve("logo.png"));
            Path out = dataDir.resolve("out");

            // Run 1: killed (SIGKILL, as a lost laptop or an OOM would) once a third of the outputs are recorded.
            Process first = CliJvm.start(dataDir, dataDir.resolve("run1.err"),
                    CliJvm.withSettings(settings, "campaign", "run", spec.toString(), "--out", out.toString()));
            try {
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
                while (runs.ledgerKeys("demo", "it-run").size() < 9) {
                    assertThat(first.isAlive()).as("run 1 ended early: %s", Files.readString(dataDir.resolve("run1.err")))
                            .isTrue();
                    assertThat(System.nanoTime()).as("run 1 recorded 9 outputs within 4 minutes").isLessThan(deadline);
                    Thread.sleep(100);
                }
            } finally {
                first.destroyForcibly().waitFor();
            }
            Map<String, LedgerRecord> afterKill = runs.ledger("demo", "it-run").outputs();
            Map<String, byte[]> killedBytes = encoded(afterKill);
            int stored = afterKill.size();
            assertThat(stored).as("the kill came half-way").isBetween(9, 26);
            assertThat(afterKill.values()).allMatch(LedgerRecord::done);

            // Run 2: the rest, and nothing else.
            Instant rerun = Instant.now();
            String printed = CliJvm.run(dataDir,
                    CliJvm.withSettings(settings, "campaign", "run", spec.toString(), "--out", out.toString()));
            String err = Files.readString(newestErr());
            assertThat(err).contains("27 outputs; " + stored + " exist, " + (27 - stored) + " to run")
                    .contains((27 - stored) + "/" + (27 - stored) + " ").contains(" 0 failed");
            Map<String, LedgerRecord> full = runs.ledger("demo", "it-run").outputs();
            assertThat(full).hasSize(27);
            assertThat(full.values()).allMatch(LedgerRecord::done);
            // No output of run 1 was produced again: its records are byte for byte as run 1 left them.
            killedBytes.forEach((id, bytes) -> assertThat(full.get(id).encode()).as(id).isEqualTo(bytes));
            List<LedgerRecord> rerunRecords = full.entrySet().stream()
                    .filter(e -> !afterKill.containsKey(e.getKey())).map(Map.Entry::getValue).toList();
            assertThat(rerunRecords).hasSize(27 - stored)
                    .allMatch(r -> !r.completedAt().isBefore(rerun.minusSeconds(1)));
            double rerunSeconds = rerunRecords.stream().mapToDouble(LedgerRecord::deviceSeconds).sum();
            assertThat(rerunSeconds).isPositive();
            double rerunWallSeconds = rerunRecords.stream()
                    .mapToDouble(r -> r.result().getTimingsMs().getOrDefault("sample", 0L) / 1000.0).sum();
            System.out.printf("CampaignRunIT: killed with %d of 27 outputs recorded; the rerun produced %d (%.2f device s"
                    + " as shares of batched steps, %.2f s as sampling wall time: %.2fx)%n", stored, rerunRecords.size(),
                    rerunSeconds, rerunWallSeconds, rerunWallSeconds / rerunSeconds);

            // Kafka saw the killed run's transaction aborted and the rerun's committed: one result per missing output.
            List<GenerationResult> results = Outputs.readCommitted(config, config.kafka().topics().results(),
                    GenerationResult.class, 27 - stored, Duration.ofSeconds(30));
            assertThat(results).extracting(r -> r.getLabels().get("campaign-output"))
                    .containsExactlyInAnyOrderElementsOf(rerunRecords.stream()
                            .map(r -> r.result().getLabels().get("campaign-output")).toList());
            assertThat(results.stream().mapToDouble(r -> r.getTimingsMs().get("device") / 1000.0).sum())
                    .as("the rerun's device time covers only the missing outputs").isCloseTo(rerunSeconds, within(1e-6));

            JsonNode manifest = manifest(config);
            assertThat(manifest).hasSize(27);
            assertThat(manifest.findValuesAsText("status")).containsOnly("SUCCEEDED");
            try (MinioClient s3 = Outputs.s3(config)) {
                for (JsonNode row : manifest) {
                    assertThat(sha256(Outputs.get(s3, row.get("object_uri").asText())))
                            .as(row.get("key").asText()).isEqualTo(row.get("sha256").asText());
                }
            }
            assertThat(printed).contains("local report: " + out.resolve("demo/campaigns/it-run/report.html"));
            assertThat(out.resolve("demo/campaigns/it-run/manifest.csv")).exists();
            try (MinioClient s3 = Outputs.s3(config)) {
                String html = new String(Outputs.get(s3, "s3://" + config.storage().bucket()
                        + "/demo/campaigns/it-run/report.html"), java.nio.charset.StandardCharsets.UTF_8);
                assertThat(html).isEqualTo(Files.readString(out.resolve("demo/campaigns/it-run/report.html")));
            }

            // The report a real run wrote, opened in Chromium from its local copy: every thumbnail and poster loads,
            // every video can play.
            try (ReportBrowser browser = new ReportBrowser(out, dataDir)) {
                JsonNode shown = browser.check("demo/campaigns/it-run/report.html");
                assertThat(shown.get("images")).hasSize(9).allSatisfy(loaded -> assertThat(loaded.asBoolean()).isTrue());
                assertThat(shown.get("videos")).hasSize(18).allSatisfy(video -> {
                    assertThat(video.get("canPlay").asText()).isIn("maybe", "probably");
                    assertThat(video.get("loaded").asBoolean()).isTrue();
                    assertThat(video.get("width").asInt()).isIn(192, 108);
                });
                browser.screenshot("demo/campaigns/it-run/report.html", Path.of("target/campaign-run-report.png"));
            }

            // Run 3: green becomes yellow (3 variants x 3 formats change) under a budget of 24 outputs.
            Files.writeString(spec, SPEC.replace("green]", "yellow]") + "budget:\n  max-outputs: 24\n");
            CliJvm.run(dataDir, CliJvm.withSettings(settings, "campaign", "run", spec.toString(), "--out", out.toString()));
            err = Files.readString(newestErr());
            assertThat(err).contains("27 outputs; 18 exist, 6 to run").contains("3 left out by the budget")
                    .contains("left undone: 3 outputs, budget max-outputs 24 reached");
            JsonNode changed = manifest(config);
            Map<String, Long> byStatus = statuses(changed);
            assertThat(byStatus).containsEntry("SUCCEEDED", 24L).containsEntry("NOT_RUN", 3L).hasSize(2);
            assertThat(changed.findValuesAsText("key")).noneMatch(k -> k.contains("green"));
            Set<String> notRun = keysWith(changed, "NOT_RUN");
            assertThat(notRun).allMatch(k -> k.contains("yellow"));

            // Run 4: a new campaign whose estimates are far too low for these devices (window-step-seconds 0.00001,
            // so the plan admits all 27): the device time measured stops it at its budget.
            Path budgeted = dataDir.resolve("it-budget.yaml");
            Files.writeString(budgeted, SPEC.replace("campaign: it-run", "campaign: it-budget")
                    + "budget:\n  max-device-seconds: 1.5\n");
            CliJvm.run(dataDir, CliJvm.withSettings(settings, "campaign", "run", budgeted.toString(), "--out",
                    out.toString(), "--set", "generation.window-step-seconds=0.00001"));
            err = Files.readString(newestErr());
            assertThat(err).contains("27 outputs; 0 exist, 27 to run")
                    .contains("stopped: budget max-device-seconds 1.5 reached during the run");
            JsonNode stopped;
            try (MinioClient s3 = Outputs.s3(config)) {
                stopped = new ObjectMapper().readTree(Outputs.get(s3, "s3://" + config.storage().bucket() + "/"
                        + CampaignLedger.folder("demo", "it-budget") + "manifest.json"));
            }
            Map<String, Long> stoppedStatuses = statuses(stopped);
            assertThat(stoppedStatuses.keySet()).containsOnly("SUCCEEDED", "NOT_RUN");
            assertThat(stoppedStatuses.get("NOT_RUN")).as("outputs left undone").isPositive();
            assertThat(err).contains("left undone: " + stoppedStatuses.get("NOT_RUN") + " outputs");
            double spent = runs.ledger("demo", "it-budget").spentSeconds();
            assertThat(spent).as("stopped within a poll of the budget").isGreaterThanOrEqualTo(1.5).isLessThan(6.0);
            System.out.printf("CampaignRunIT: the budget of 1.5 device s stopped run 4 with %d of 27 produced, %.2f s spent%n",
                    stoppedStatuses.getOrDefault("SUCCEEDED", 0L), spent);
        }
    }

    private Path newestErr() throws Exception {
        try (var files = Files.list(dataDir)) {
            return files.filter(p -> p.getFileName().toString().matches("cli-.*\\.err"))
                    .max((a, b) -> Long.compare(a.toFile().lastModified(), b.toFile().lastModified())).orElseThrow();
        }
    }

    private static Map<String, byte[]> encoded(Map<String, LedgerRecord> ledger) {
        Map<String, byte[]> bytes = new HashMap<>();
        ledger.forEach((id, record) -> bytes.put(id, record.encode()));
        return bytes;
    }

    private static JsonNode manifest(ReelflowConfig config) throws Exception {
        try (MinioClient s3 = Outputs.s3(config)) {
            return new ObjectMapper().readTree(Outputs.get(s3, "s3://" + config.storage().bucket() + "/"
                    + CampaignLedger.folder("demo", "it-run") + "manifest.json"));
        }
    }

    private static Map<String, Long> statuses(JsonNode manifest) {
        return manifest.findValuesAsText("status").stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
    }

    private static Set<String> keysWith(JsonNode manifest, String status) {
        Set<String> keys = new java.util.TreeSet<>();
        manifest.forEach(row -> {
            if (row.get("status").asText().equals(status)) {
                keys.add(row.get("key").asText());
            }
        });
        return keys;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}

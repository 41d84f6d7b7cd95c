package io.reelflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;
import io.reelflow.config.ConfigLoader;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.infra.local.LocalServers;
import io.reelflow.jobs.CampaignJob;
import io.reelflow.operators.campaign.CampaignFile;
import io.reelflow.operators.campaign.CampaignSpec;
import io.reelflow.schema.DeadLetter;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ResultStatus;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A campaign file through the same chain in BATCH mode: good rows end SUCCEEDED, bad rows as dead letters and
 * REJECTED results, and the summary object counts them all.
 */
class CampaignJobIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    Path dataDir;

    /** The documented defaults on free ports. */
    private static ReelflowConfig onFreePorts() {
        return ConfigLoader.builder()
                .set("kafka.bootstrap-servers", "127.0.0.1:0")
                .set("storage.endpoint", "http://127.0.0.1:0")
                .build();
    }

    @Test
    void campaignRowsBecomeResultsAndASummary() throws Exception {
        ReelflowConfig asked = onFreePorts();
        CampaignSpec spec = CampaignSpec.builder().campaignId("it-sale").tenantId("demo").fileName("it-sale.jsonl")
                .defaultsJson("{\"mode\":\"TEXT_TO_IMAGE\",\"width\":192,\"height\":192,\"steps\":2}").build();
        CampaignFile file = CampaignFile.parse(spec.format(), """
                {"prompt":"a red bicycle, product shot"}
                {"prompt":"a blue bicycle, product shot","mode":"TEXT_TO_VIDEO","width":256,"height":144,"frames":6,"fps":12}
                {"prompt":"too big","width":4096}
                not a json row
                """);

        try (LocalServers servers = LocalServers.start(asked, dataDir)) {
            ReelflowConfig config = servers.config();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            List<String> summaries = new ArrayList<>();
            try (CloseableIterator<String> uris = CampaignJob.define(env, config, spec, file, Instant.now())
                    .executeAndCollect("it-campaign")) {
                uris.forEachRemaining(summaries::add);
            }

            assertThat(summaries).containsExactly("s3://reelflow-outputs/demo/campaigns/it-sale/summary.json");
            JsonNode summary;
            try (MinioClient s3 = Outputs.s3(config)) {
                summary = new ObjectMapper().readTree(Outputs.get(s3, summaries.get(0)));
            }
            assertThat(summary.get("requests_total").asInt()).isEqualTo(4);
            assertThat(summary.at("/counts/SUCCEEDED").asInt()).isEqualTo(2);
            assertThat(summary.at("/counts/REJECTED").asInt()).isEqualTo(2);
            assertThat(summary.get("requests").findValuesAsText("error_code"))
                    .containsExactlyInAnyOrder("OUT_OF_RANGE", "MALFORMED_PAYLOAD");

            List<GenerationResult> results = Outputs.readCommitted(
                    config, config.kafka().topics().results(), GenerationResult.class, 4, Duration.ofSeconds(30));
            assertThat(results).extracting(GenerationResult::getRequestId)
                    .containsExactlyInAnyOrder("it-sale-1", "it-sale-2", "it-sale-3", "it-sale-4");
            assertThat(results).filteredOn(r -> r.getStatus() == ResultStatus.SUCCEEDED)
                    .allSatisfy(r -> assertThat(r.getCampaignId()).isEqualTo("it-sale"));
            List<DeadLetter> deadLetters = Outputs.readCommitted(
                    config, config.kafka().topics().deadLetters(), DeadLetter.class, 2, Duration.ofSeconds(30));
            assertThat(deadLetters).extracting(DeadLetter::getSourceTopic).containsOnly("campaign:it-sale.jsonl");
            assertThat(deadLetters).extracting(DeadLetter::getSourceOffset).containsExactlyInAnyOrder(3L, 4L);
        }
    }

    /** As a FlinkDeployment runs it: the entry point reads the file from the object store and runs it to its summary. */
    @Test
    void theClusterEntryPointRunsACampaignFileFromTheObjectStore() throws Exception {
        try (LocalServers servers = LocalServers.start(onFreePorts(), dataDir)) {
            ReelflowConfig config = servers.config();
            byte[] csv = "prompt,seed,label.variant\na red bicycle,1,a\n".getBytes(StandardCharsets.UTF_8);
            try (MinioClient s3 = Outputs.s3(config)) {
                s3.putObject(PutObjectArgs.builder().bucket("reelflow-inputs").object("demo/campaigns/main-sale.csv")
                        .data(csv, csv.length).build());
            }
            String[] args = {"--file", "s3://reelflow-inputs/demo/campaigns/main-sale.csv", "--tenant", "demo",
                "--defaults", "{\"mode\":\"TEXT_TO_IMAGE\",\"width\":128,\"height\":128,\"steps\":2}",
                "kafka.bootstrap-servers=" + config.kafka().bootstrapServers(),
                "storage.endpoint=" + config.storage().endpoint(),
                "provenance.signing-key=" + config.provenance().signingKey(),
                "provenance.public-key=" + config.provenance().publicKey()};

            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            PrintStream stdout = System.out;
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            try {
                CampaignJob.main(args);
            } finally {
                System.setOut(stdout);
            }

            String summaryUri = "s3://reelflow-outputs/demo/campaigns/main-sale/summary.json";
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("summary: " + summaryUri);
            JsonNode summary;
            try (MinioClient s3 = Outputs.s3(config)) {
                summary = new ObjectMapper().readTree(Outputs.get(s3, summaryUri));
            }
            assertThat(summary.get("requests_total").asInt()).isEqualTo(1);
            assertThat(summary.at("/counts/SUCCEEDED").asInt()).isEqualTo(1);
            List<GenerationResult> results = Outputs.readCommitted(
                    config, config.kafka().topics().results(), GenerationResult.class, 1, Duration.ofSeconds(30));
            assertThat(results).extracting(GenerationResult::getRequestId).containsExactly("main-sale-2");
        }
    }

    /**
     * A campaign spec mounted as a file (a ConfigMap on Kubernetes), as the entry point runs it: its logo uploaded,
     * its outputs within the budget produced, the manifest and report written; run again, it runs nothing.
     */
    @Test
    void theClusterEntryPointRunsACampaignSpecWithinItsBudgetAndResumes() throws Exception {
        Path specDir = Files.createDirectories(dataDir.resolve("mounted"));
        BufferedImage logo = new BufferedImage(32, 16, BufferedImage.TYPE_INT_ARGB);
        logo.setRGB(0, 0, 0xFFFF8800);
        ImageIO.write(logo, "png", specDir.resolve("logo.png").toFile());
        Path spec = specDir.resolve("teapots.yaml");
        Files.writeString(spec, """
                campaign: teapots
                tenant: demo
                steps: 2
                templates:
                  hero: "a {colour} teapot on a table"
                variables:
                  colour: [red, blue, green]
                cross: [colour]
                formats:
                  square: image 128x128
                budget:
                  max-outputs: 2
                brand:
                  logo: logo.png
                """);
        try (LocalServers servers = LocalServers.start(onFreePorts(), dataDir)) {
            ReelflowConfig config = servers.config();
            String[] args = {"--file", spec.toString(), "--tenant", "demo",
                "kafka.bootstrap-servers=" + config.kafka().bootstrapServers(),
                "storage.endpoint=" + config.storage().endpoint(),
                "provenance.signing-key=" + config.provenance().signingKey(),
                "provenance.public-key=" + config.provenance().publicKey()};

            String first = runMain(args);

            String folder = "s3://reelflow-outputs/demo/campaigns/teapots/";
            assertThat(first).contains("campaign teapots: 3 outputs; 0 exist, 2 to run", "1 left out by the budget",
                    "outputs by status: {NOT_RUN=1, SUCCEEDED=2}",
                    "left undone: 1 outputs, budget max-outputs 2 reached", "  teapots/square/hero-green",
                    "manifest: " + folder + "manifest.csv", "manifest: " + folder + "manifest.json",
                    "report: " + folder + "report.html");
            JsonNode manifest;
            byte[] manifestBytes;
            try (MinioClient s3 = Outputs.s3(config)) {
                manifestBytes = Outputs.get(s3, folder + "manifest.json");
                manifest = new ObjectMapper().readTree(manifestBytes);
                assertThat(Outputs.get(s3, folder + "report.html")).isNotEmpty();
            }
            assertThat(manifest.findValuesAsText("status")).containsExactly("SUCCEEDED", "SUCCEEDED", "NOT_RUN");
            List<GenerationResult> results = Outputs.readCommitted(
                    config, config.kafka().topics().results(), GenerationResult.class, 2, Duration.ofSeconds(30));
            // SUCCEEDED, not REJECTED for a missing logo: it was uploaded before the job's watermark stage read it.
            assertThat(results).hasSize(2).extracting(GenerationResult::getStatus, GenerationResult::getCampaignId)
                    .containsOnly(tuple(ResultStatus.SUCCEEDED, "teapots"));
            try (MinioClient s3 = Outputs.s3(config)) {
                List<String> inputs = new ArrayList<>();
                for (Result<Item> item : s3.listObjects(ListObjectsArgs.builder().bucket("reelflow-inputs")
                        .prefix("demo/campaigns/teapots/").build())) {
                    inputs.add(item.get().objectName());
                }
                assertThat(inputs).singleElement().asString().matches("demo/campaigns/teapots/logo-[0-9a-f]{16}\\.png");
            }

            String second = runMain(args);

            assertThat(second).contains("campaign teapots: 3 outputs; 2 exist, 0 to run", "1 left out by the budget");
            try (MinioClient s3 = Outputs.s3(config)) {
                assertThat(Outputs.get(s3, folder + "manifest.json")).isEqualTo(manifestBytes);
            }
            assertThat(Outputs.readCommitted(config, config.kafka().topics().results(), GenerationResult.class,
                    Integer.MAX_VALUE, Duration.ofSeconds(3))).hasSize(2);
        }
    }

    /** What {@link CampaignJob#main} prints. */
    private static String runMain(String[] args) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            CampaignJob.main(args);
        } finally {
            System.setOut(stdout);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }
}

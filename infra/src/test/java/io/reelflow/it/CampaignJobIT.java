package io.reelflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.reelflow.config.ConfigLoader;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.infra.local.LocalServers;
import io.reelflow.jobs.CampaignJob;
import io.reelflow.operators.campaign.CampaignFile;
import io.reelflow.operators.campaign.CampaignSpec;
import io.reelflow.schema.DeadLetter;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ResultStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
}

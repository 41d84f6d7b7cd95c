package io.reelflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelflow.config.ConfigLoader;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.config.StorageConfig;
import io.reelflow.operators.campaign.Campaign;
import io.reelflow.operators.campaign.CampaignFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CampaignArgsTest {

    private static final ReelflowConfig DEFAULTS = ConfigLoader.builder().build();
    private static final StorageConfig STORAGE = DEFAULTS.storage();

    @TempDir
    Path dir;

    @Test
    void readsTheOptionsAndLayersConfigurationOverTheEnvironment() {
        CampaignArgs args = CampaignArgs.parse(List.of("--file", "s3://reelflow-inputs/acme/campaigns/sale.csv",
                "--tenant", "acme", "--campaign-id", "sale-1", "--defaults", "{\"steps\":2}",
                "pipeline.parallelism=3", "kafka.consumer-group=from-args"));

        assertThat(args.file()).isEqualTo("s3://reelflow-inputs/acme/campaigns/sale.csv");
        assertThat(args.tenant()).isEqualTo("acme");
        assertThat(args.campaignId()).isEqualTo("sale-1");
        assertThat(args.defaultsJson()).isEqualTo("{\"steps\":2}");
        ReelflowConfig config = args.config(Map.of("REELFLOW_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                "REELFLOW_KAFKA_CONSUMER_GROUP", "from-env"));
        assertThat(config.pipeline().parallelism()).isEqualTo(3);
        assertThat(config.kafka().bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(config.kafka().consumerGroup()).isEqualTo("from-args");
    }

    @Test
    void aMissingOrUnknownArgumentIsNamed() {
        assertThatThrownBy(() -> CampaignArgs.parse(List.of("--tenant", "demo")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--file is required; usage: --file");
        assertThatThrownBy(() -> CampaignArgs.parse(List.of("--file", "sale.csv")))
                .hasMessageStartingWith("--tenant is required");
        assertThatThrownBy(() -> CampaignArgs.parse(List.of("--file", "--tenant", "demo")))
                .hasMessageStartingWith("--file needs a value");
        assertThatThrownBy(() -> CampaignArgs.parse(List.of("--file", "sale.csv", "--tenant")))
                .hasMessageStartingWith("--tenant needs a value");
        assertThatThrownBy(() -> CampaignArgs.parse(List.of("--file", "sale.csv", "--tenant", "demo", "--wait", "yes")))
                .hasMessageStartingWith("unknown option --wait");
        CampaignArgs badSetting = CampaignArgs.parse(List.of("--file", "sale.csv", "--tenant", "demo", "pipeline.paralelism=2"));
        assertThatThrownBy(() -> badSetting.config(Map.of()))
                .hasMessageContaining("unknown configuration key 'pipeline.paralelism'");
    }

    @Test
    void readsAMountedFileByPathOrFileUri() throws Exception {
        Path file = dir.resolve("spring-sale.csv");
        Files.writeString(file, "# two rows\nprompt,seed\na red bicycle,1\na blue bicycle,2\n");

        Campaign byPath = CampaignArgs.parse(List.of("--file", file.toString(), "--tenant", "demo")).load(STORAGE);
        Campaign byUri = CampaignArgs.parse(List.of("--file", file.toUri().toString(), "--tenant", "demo",
                "--campaign-id", "sale-7")).load(STORAGE);

        assertThat(byPath.spec().campaignId()).isEqualTo("spring-sale");
        assertThat(byPath.spec().format()).isEqualTo(CampaignFormat.CSV);
        assertThat(byPath.spec().tenantId()).isEqualTo("demo");
        assertThat(byPath.rows().rows()).hasSize(2);
        assertThat(byUri.spec().campaignId()).isEqualTo("sale-7");
        assertThat(byUri.rows()).isEqualTo(byPath.rows());
    }

    @Test
    void theEntryPointExitsNonZeroWithTheMessageBeforeStartingAJob() throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CampaignJob.class.getName(),
                "--file", dir.resolve("missing.csv").toString(), "--tenant", "demo"));
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(java.waitFor(1, TimeUnit.MINUTES)).isTrue();

        assertThat(java.exitValue()).as(output).isNotZero();
        assertThat(output).contains("IllegalArgumentException: campaign file " + dir.resolve("missing.csv") + " does not exist");
    }

    @Test
    void aSpecIsAMountedFileThatNamesItsOwnCampaignAndTenant() throws Exception {
        Path spec = dir.resolve("spring.yaml");
        Files.writeString(spec, """
                campaign: spring
                tenant: demo
                templates:
                  hero: "a teapot"
                formats:
                  square: image 128x128
                """);

        CampaignArgs byPath = CampaignArgs.parse(List.of("--file", spec.toString()));
        assertThat(byPath.spec()).isTrue();
        assertThat(byPath.loadSpec(DEFAULTS).id()).isEqualTo("spring");
        assertThat(CampaignArgs.parse(List.of("--file", spec.toUri().toString(), "--tenant", "demo"))
                .loadSpec(DEFAULTS).tenant()).isEqualTo("demo");
        assertThat(CampaignArgs.parse(List.of("--file", "sale.YML", "--tenant", "demo")).spec()).isTrue();
        assertThat(CampaignArgs.parse(List.of("--file", "sale.csv", "--tenant", "demo")).spec()).isFalse();

        assertThatThrownBy(() -> CampaignArgs.parse(List.of("--file", spec.toString(), "--tenant", "acme"))
                .loadSpec(DEFAULTS))
                .hasMessage("--tenant acme is not the tenant of the campaign spec " + spec + " (demo)");
        assertThatThrownBy(() -> CampaignArgs.parse(List.of("--file", "s3://reelflow-inputs/demo/spring.yaml")))
                .hasMessageStartingWith("a campaign spec is read from a mounted file")
                .hasMessageContaining("not s3://reelflow-inputs/demo/spring.yaml");
        assertThatThrownBy(() -> CampaignArgs.parse(List.of("--file", spec.toString(), "--campaign-id", "x")))
                .hasMessageContaining("--campaign-id and --defaults are for request files");
        assertThatThrownBy(() -> CampaignArgs.parse(List.of("--file", spec.toString(), "--defaults", "{\"steps\":2}")))
                .hasMessageContaining("--campaign-id and --defaults are for request files");
    }

    @Test
    void aSpecWithErrorsFailsWithEveryErrorAtItsLine() throws Exception {
        Path spec = dir.resolve("broken.yaml");
        Files.writeString(spec, """
                campaign: broken
                tenant: nobody
                templates:
                  hero: "a {product}"
                formats:
                  square: image 128x128
                """);

        assertThatThrownBy(() -> CampaignArgs.parse(List.of("--file", spec.toString())).loadSpec(DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the campaign spec " + spec + " has 2 error(s):\n" + spec + ":2:")
                .hasMessageContaining(spec + ":4:");
    }
}

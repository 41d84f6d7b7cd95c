package io.reelflow.cli;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.infra.LocalRuntime;
import io.reelflow.infra.local.LocalKeys;
import io.reelflow.infra.local.LocalServers;
import io.reelflow.jobs.CampaignJob;
import io.reelflow.operators.campaign.Campaign;
import io.reelflow.operators.campaign.CampaignFile;
import io.reelflow.operators.campaign.CampaignSpec;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import okhttp3.OkHttpClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Runs a campaign file through the chain in BATCH mode and prints its summary. */
@Command(name = "campaign", mixinStandardHelpOptions = true,
        subcommands = {CampaignSpecCommands.Validate.class, CampaignSpecCommands.Plan.class, CampaignRunCommand.class,
            CampaignExportCommand.class},
        description = {"Run a campaign file through the chain in BATCH mode and print its summary.",
            "The file is JSONL, or CSV with a header of request field names and label.NAME columns. Runs against the",
            "configured Kafka and S3 (a running `reelflow up`), or with --embedded against servers started for this run."})
final class CampaignCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config;

    // Not required by picocli: `campaign validate FILE` and `campaign plan FILE` run without it.
    @Option(names = "--file", description = "Campaign file (.jsonl or .csv).")
    Path file;

    @Option(names = "--campaign-id", description = "Campaign id (default: the file name without extension).")
    String campaignId;

    @Option(names = "--tenant", defaultValue = "demo", description = "Tenant (default ${DEFAULT-VALUE}).")
    String tenant;

    @Option(names = "--defaults", paramLabel = "JSON|@FILE",
            description = "Request fields every row starts from, e.g. '{\"mode\":\"TEXT_TO_VIDEO\",\"duration_seconds\":4}'.")
    String defaults = "{}";

    @Option(names = "--embedded", description = "Start a Kafka broker and an S3 server for this run only.")
    boolean embedded;

    @Override
    public Integer call() throws Exception {
        if (file == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--file' (or a subcommand:"
                    + " validate FILE, plan FILE, run FILE for a campaign spec; export ID)");
        }
        // The campaign's own MiniCluster must not take the web UI port of a running `reelflow up`.
        config.overrides.add(0, "local.flink-rest-port=0");
        ReelflowConfig cfg = config.load();
        Campaign parsed;
        try {
            parsed = parse(file, campaignId, tenant, defaults);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        CampaignSpec campaign = parsed.spec();
        CampaignFile rows = parsed.rows();
        Path dataDir = Path.of(cfg.local().dataDir());
        LocalRuntime.prepare(dataDir.resolve("cache"));
        Optional<LocalServers> servers = embedded ? Optional.of(LocalServers.start(cfg, dataDir)) : Optional.empty();
        try {
            ReelflowConfig running = servers.isPresent() ? servers.get().config() : LocalKeys.ensure(cfg);
            System.err.printf("running campaign %s: %d rows ...%n", campaign.campaignId(), rows.rows().size());
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(
                    LocalRuntime.flinkConfiguration(running, dataDir.resolve("campaigns"), Optional.empty()));
            List<String> summaries;
            try (CloseableIterator<String> uris = CampaignJob.define(env, running, campaign, rows, Instant.now())
                    .executeAndCollect(CampaignJob.jobName(campaign))) {
                summaries = new ArrayList<>();
                uris.forEachRemaining(summaries::add);
            }
            for (String uri : summaries) {
                System.err.println("summary: " + uri);
                System.out.println(read(running, uri));
            }
            return 0;
        } finally {
            if (servers.isPresent()) {
                servers.get().close();
            }
        }
    }

    /** The campaign file and its settings, checked; IllegalArgumentException names what is wrong. */
    static Campaign parse(Path file, String campaignId, String tenant, String defaults) throws java.io.IOException {
        String defaultsJson = defaults.startsWith("@") ? Files.readString(Path.of(defaults.substring(1))) : defaults;
        return Campaign.fromFile(file.toString(), Files.readAllBytes(file), campaignId, tenant, defaultsJson);
    }

    private static String read(ReelflowConfig cfg, String uri) throws Exception {
        URI parsed = URI.create(uri);
        try (MinioClient client = MinioClient.builder().endpoint(cfg.storage().endpoint()).region(cfg.storage().region())
                        .credentials(cfg.storage().accessKey(), cfg.storage().secretKey())
                        // The default client parses every system CA certificate first (about 1 s); plain HTTP needs none.
                        .httpClient(new OkHttpClient(), true).build();
                InputStream in = client.getObject(GetObjectArgs.builder()
                        .bucket(parsed.getHost()).object(parsed.getPath().substring(1)).build())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

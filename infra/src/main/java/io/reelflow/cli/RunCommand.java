package io.reelflow.cli;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.infra.cluster.ClusterJobs;
import io.reelflow.infra.local.LocalKeys;
import io.reelflow.operators.campaign.Campaign;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Submits the streaming job, or a campaign job, to a running Flink session cluster. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Submit the streaming job (or with --campaign, a campaign job) to a Flink session cluster, detached,",
            "and print its job id. The job reads and writes the configured Kafka and S3 (kafka.*, storage.*)."})
final class RunCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    @Option(names = "--cluster", required = true, paramLabel = "URL",
            description = "The JobManager's REST URL, as `reelflow cluster up` prints it.")
    String cluster;

    @Option(names = "--from-savepoint", paramLabel = "PATH",
            description = {"Resume the streaming job from this savepoint (as `cluster stop` prints it) or retained",
                "checkpoint; --set pipeline.parallelism=P resumes it at another parallelism."})
    String fromSavepoint;

    @Option(names = "--campaign", paramLabel = "FILE", description = "Run this campaign file (.jsonl or .csv) instead of the streaming job.")
    Path campaign;

    @Option(names = "--campaign-id", description = "Campaign id (default: the file name without extension).")
    String campaignId;

    @Option(names = "--tenant", defaultValue = "demo", description = "Campaign tenant (default ${DEFAULT-VALUE}).")
    String tenant;

    @Option(names = "--defaults", paramLabel = "JSON|@FILE", description = "Request fields every campaign row starts from.")
    String defaults = "{}";

    @Override
    public Integer call() throws Exception {
        ReelflowConfig cfg = LocalKeys.ensure(config.load());
        JobID job;
        if (campaign == null) {
            job = ClusterJobs.submitStreaming(cluster, cfg, Optional.ofNullable(fromSavepoint));
        } else if (fromSavepoint != null) {
            throw new ParameterException(spec.commandLine(), "--from-savepoint resumes the streaming job; a campaign starts afresh");
        } else {
            Campaign parsed = CampaignCommand.parse(campaign, campaignId, tenant, defaults);
            job = ClusterJobs.submitCampaign(cluster, cfg, parsed.spec(), parsed.rows());
            System.err.printf("campaign %s: %d rows; its summary will be at %s/campaigns/%s/summary.json in bucket %s%n",
                    parsed.spec().campaignId(), parsed.rows().rows().size(), tenant, parsed.spec().campaignId(),
                    cfg.storage().bucket());
        }
        System.out.println(job);
        return 0;
    }
}

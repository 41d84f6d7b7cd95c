package io.reelflow.infra.cluster;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.jobs.CampaignJob;
import io.reelflow.jobs.StreamingGenerationJob;
import io.reelflow.operators.campaign.CampaignFile;
import io.reelflow.operators.campaign.CampaignSpec;
import io.reelflow.schema.GenerationRequest;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.RemoteStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Submits the platform's jobs, unchanged, to a running session cluster through its REST API, detached.
 *
 * <p>No jar is shipped with the job: the cluster's JVMs already have the platform on their classpath (as Flink's
 * {@code lib/} would on a production cluster), which is where DJL must be anyway, because the PyTorch native library
 * can load into only one class loader per JVM.
 */
public final class ClusterJobs {

    private ClusterJobs() {}

    /** The streaming job, fresh or resumed from a savepoint or retained checkpoint (all its state must map). */
    public static JobID submitStreaming(String restUrl, ReelflowConfig config, Optional<String> fromSavepoint)
            throws Exception {
        StreamExecutionEnvironment env = remote(restUrl, fromSavepoint.map(p -> SavepointRestoreSettings.forPath(p, false))
                .orElse(SavepointRestoreSettings.none()));
        StreamingGenerationJob.define(env, config);
        return env.executeAsync(StreamingGenerationJob.NAME).getJobID();
    }

    /** The campaign's summary is written by the job itself; its URI is not collected back. */
    public static JobID submitCampaign(String restUrl, ReelflowConfig config, CampaignSpec campaign, CampaignFile rows)
            throws Exception {
        StreamExecutionEnvironment env = remote(restUrl, SavepointRestoreSettings.none());
        CampaignJob.define(env, config, campaign, rows, Instant.now()).sinkTo(new DiscardingSink<>());
        return env.executeAsync(CampaignJob.jobName(campaign)).getJobID();
    }

    /** A campaign spec's run ({@link CampaignJob#defineRun}); the caller follows it through the client. */
    public static JobClient submitCampaignRun(String restUrl, ReelflowConfig config, String campaignId,
            List<GenerationRequest> requests) throws Exception {
        StreamExecutionEnvironment env = remote(restUrl, SavepointRestoreSettings.none());
        CampaignJob.defineRun(env, config, campaignId, requests, Instant.now());
        return env.executeAsync(CampaignJob.jobName(campaignId));
    }

    private static StreamExecutionEnvironment remote(String restUrl, SavepointRestoreSettings restore) {
        URI uri = URI.create(restUrl);
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("--cluster must be the JobManager's REST URL like http://127.0.0.1:8081, was " + restUrl);
        }
        return new RemoteStreamEnvironment(uri.getHost(), uri.getPort(), new Configuration(), null, null, restore);
    }
}

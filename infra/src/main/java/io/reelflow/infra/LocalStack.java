package io.reelflow.infra;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.infra.local.LocalServers;
import io.reelflow.jobs.StreamingGenerationJob;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default deployment: a Kafka broker and an S3 server in this JVM, with the streaming job on a Flink
 * MiniCluster. Checkpoints are retained in the S3 store ({@link S3Checkpoints}), and a restart resumes from the newest
 * one, so stopping and starting the stack neither loses nor repeats work.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

    private final LocalServers servers;
    private final JobClient job;
    private final Path dataDir;

    private LocalStack(LocalServers servers, JobClient job, Path dataDir) {
        this.servers = servers;
        this.job = job;
        this.dataDir = dataDir;
    }

    /**
     * Starts the servers, then the streaming job, with their data under {@code dataDir}; returns once the job is
     * running. Native caches stay under {@code local.data-dir} so throw-away stacks share them.
     */
    public static LocalStack start(ReelflowConfig config, Path dataDir) throws Exception {
        LocalRuntime.prepare(Path.of(config.local().dataDir()).resolve("cache"));
        LocalServers servers = LocalServers.start(config, dataDir);
        try {
            ReelflowConfig running = servers.config();
            Optional<String> resumeFrom = S3Checkpoints.of(running, S3Checkpoints.UP).latestCheckpoint();
            resumeFrom.ifPresent(p -> LOG.info("resuming the streaming job from {}", p));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(
                    LocalRuntime.flinkConfiguration(running, dataDir, resumeFrom));
            StreamingGenerationJob.define(env, running);
            JobClient job = env.executeAsync(StreamingGenerationJob.NAME);
            LocalRuntime.awaitRunning(job);
            return new LocalStack(servers, job, dataDir);
        } catch (Exception e) {
            servers.close();
            throw e;
        }
    }

    /** The configuration as running, with the ports the servers actually listen on. */
    public ReelflowConfig config() {
        return servers.config();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Where the S3 server keeps an object's bytes as a plain file, for people who want to open the outputs. */
    public Path objectFile(String bucket, String key) {
        return dataDir.resolve("s3").resolve(bucket).resolve(key);
    }

    public JobStatus jobStatus() throws Exception {
        return job.getJobStatus().get();
    }

    /** Cancels the job (its last checkpoint stays for the next start), then stops the servers. */
    @Override
    public void close() throws Exception {
        try {
            if (!job.getJobStatus().get().isGloballyTerminalState()) {
                job.cancel().get();
            }
        } catch (Exception e) {
            LOG.warn("cancelling the streaming job failed", e);
        } finally {
            servers.close();
        }
    }
}

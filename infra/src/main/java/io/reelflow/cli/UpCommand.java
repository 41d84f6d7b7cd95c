package io.reelflow.cli;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.infra.LocalStack;
import io.reelflow.infra.S3Checkpoints;
import io.reelflow.infra.local.LocalServers;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs the local stack until Ctrl-C. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Run the local stack until Ctrl-C: Kafka, an S3 server and the streaming job.",
            "On loopback: a Kafka broker (KRaft), an S3 server (S3Proxy), topics and buckets, and the streaming job on",
            "a Flink MiniCluster. Ctrl-C stops everything cleanly; the next `up` resumes from the last checkpoint.",
            "Data lives under local.data-dir.",
            "With --servers-only, only Kafka and the S3 server, for a job on a cluster (`reelflow run --cluster`)."})
final class UpCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--servers-only", description = {"Start only the Kafka broker and the S3 server, no streaming job: for",
        "a job submitted to a cluster, which would otherwise compete with this one for every request."})
    boolean serversOnly;

    @Override
    public Integer call() throws Exception {
        ReelflowConfig cfg = config.load();
        Path dataDir = Path.of(cfg.local().dataDir());
        if (serversOnly) {
            return serveOnly(cfg, dataDir);
        }
        System.err.println("starting the local stack under " + dataDir.toAbsolutePath() + " ...");
        LocalStack stack = LocalStack.start(cfg, dataDir);
        CountDownLatch stopped = closeOnExit(stack);
        ReelflowConfig running = stack.config();
        System.out.printf("""
                Reelflow is up.
                %s  Checkpoints   %s (a restart resumes from the newest)
                  Flink web UI  http://127.0.0.1:%d
                  Prometheus    Flink reporter on ports %s
                Submit with: ./reelflow submit --prompt "a green triangle moving left on a black background" --wait
                Press Ctrl-C to stop.
                """, servers(running, dataDir), S3Checkpoints.of(running, S3Checkpoints.UP).checkpointsDir(),
                running.local().flinkRestPort(), running.local().prometheusPorts());
        // Until Ctrl-C (the shutdown hook stops the stack), or until the job ends on its own, which is a failure.
        while (!stopped.await(1, TimeUnit.SECONDS)) {
            JobStatus status;
            try {
                status = stack.jobStatus();
            } catch (Exception e) {
                continue; // the cluster is going down with the stack: the hook is closing it
            }
            if (status.isGloballyTerminalState()) {
                System.err.println("the streaming job ended " + status + "; see " + dataDir.resolve("reelflow.log"));
                return 1; // the shutdown hook stops the servers
            }
        }
        return 0;
    }

    /** The servers alone, until Ctrl-C. */
    private static int serveOnly(ReelflowConfig cfg, Path dataDir) throws Exception {
        System.err.println("starting Kafka and S3 under " + dataDir.toAbsolutePath() + " ...");
        LocalServers servers = LocalServers.start(cfg, dataDir);
        CountDownLatch stopped = closeOnExit(servers);
        ReelflowConfig running = servers.config();
        System.out.printf("""
                Kafka and S3 are up (no streaming job).
                %sRun a job on a cluster against them (the same settings for both: `cluster up` points the
                cluster's checkpoints at this S3 server, bucket %s):
                  ./reelflow cluster up --set storage.endpoint=%s
                  ./reelflow run --cluster URL --set kafka.bootstrap-servers=%s --set storage.endpoint=%s
                Press Ctrl-C to stop.
                """, servers(running, dataDir), running.local().checkpointBucket(), running.storage().endpoint(),
                running.kafka().bootstrapServers(), running.storage().endpoint());
        stopped.await();
        return 0;
    }

    /** Closes {@code running} when the JVM is asked to stop (Ctrl-C, SIGTERM); the latch opens once it is closed. */
    private static CountDownLatch closeOnExit(AutoCloseable running) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("stopping ...");
            try {
                running.close();
            } catch (Exception e) {
                System.err.println("stopping failed: " + e);
            }
            stopped.countDown();
        }, "reelflow-stop"));
        return stopped;
    }

    /** The Kafka and S3 lines of what `up` prints. */
    private static String servers(ReelflowConfig running, Path dataDir) {
        return String.format("""
                  Kafka         %s   topics %s (in), %s, %s, %s
                  S3            %s   bucket %s (objects also as files under %s)
                """, running.kafka().bootstrapServers(), running.kafka().topics().requests(),
                running.kafka().topics().results(), running.kafka().topics().events(),
                running.kafka().topics().deadLetters(),
                running.storage().endpoint(), running.storage().bucket(), dataDir.resolve("s3").toAbsolutePath());
    }
}

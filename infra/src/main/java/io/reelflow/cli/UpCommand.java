package io.reelflow.cli;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.infra.LocalStack;
import io.reelflow.infra.S3Checkpoints;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs the local stack until Ctrl-C. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Run the local stack until Ctrl-C: Kafka, an S3 server and the streaming job.",
            "On loopback: a Kafka broker (KRaft), an S3 server (S3Proxy), topics and buckets, and the streaming job on",
            "a Flink MiniCluster. Ctrl-C stops everything cleanly; the next `up` resumes from the last checkpoint.",
            "Data lives under local.data-dir."})
final class UpCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        ReelflowConfig cfg = config.load();
        Path dataDir = Path.of(cfg.local().dataDir());
        System.err.println("starting the local stack under " + dataDir.toAbsolutePath() + " ...");
        CountDownLatch stopped = new CountDownLatch(1);
        LocalStack stack = LocalStack.start(cfg, dataDir);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("stopping ...");
            try {
                stack.close();
            } catch (Exception e) {
                System.err.println("stopping failed: " + e);
            }
            stopped.countDown();
        }, "reelflow-stop"));
        ReelflowConfig running = stack.config();
        System.out.printf("""
                Reelflow is up.
                  Kafka         %s   topics %s (in), %s, %s, %s
                  S3            %s   bucket %s (objects also as files under %s)
                  Checkpoints   %s (a restart resumes from the newest)
                  Flink web UI  http://127.0.0.1:%d
                  Prometheus    Flink reporter on ports %s
                Submit with: ./reelflow submit --prompt "a green triangle moving left on a black background" --wait
                Press Ctrl-C to stop.
                """,
                running.kafka().bootstrapServers(), running.kafka().topics().requests(),
                running.kafka().topics().results(), running.kafka().topics().events(),
                running.kafka().topics().deadLetters(),
                running.storage().endpoint(), running.storage().bucket(), dataDir.resolve("s3").toAbsolutePath(),
                S3Checkpoints.of(running, S3Checkpoints.UP).checkpointsDir(),
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
}

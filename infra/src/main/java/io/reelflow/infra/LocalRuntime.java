package io.reelflow.infra;

import io.reelflow.config.ReelflowConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;

/** Process-wide settings of a local run: native caches, and the Flink configuration of the MiniCluster. */
public final class LocalRuntime {

    private LocalRuntime() {}

    /**
     * Points DJL's and JavaCPP's native caches at the data directory (unless set already), before either library
     * loads: nothing is downloaded, the bundled natives are extracted there once.
     */
    public static void prepare(Path cacheDir) throws IOException {
        Path cache = cacheDir.toAbsolutePath();
        Files.createDirectories(cache);
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("DJL_CACHE_DIR", cache.resolve("djl").toString());
        setIfAbsent("ENGINE_CACHE_DIR", cache.resolve("djl").toString());
        setIfAbsent("org.bytedeco.javacpp.cachedir", cache.resolve("javacpp").toString());
        setIfAbsent("org.apache.avro.SERIALIZABLE_PACKAGES", "io.reelflow.schema");
    }

    /**
     * MiniCluster settings: web UI, Prometheus reporter, retained checkpoints in the S3 store, and where to resume
     * from. Configures Flink's filesystems in this JVM with them, as the MiniCluster does not.
     */
    public static Configuration flinkConfiguration(ReelflowConfig config, Path dataDir, Optional<String> resumeFrom)
            throws IOException {
        Path flinkDir = dataDir.toAbsolutePath().resolve("flink");
        Path tmp = flinkDir.resolve("tmp");
        Files.createDirectories(tmp);
        Map<String, String> settings = new HashMap<>();
        settings.put("rest.port", Integer.toString(config.local().flinkRestPort()));
        settings.put("taskmanager.numberOfTaskSlots", Integer.toString(Math.max(2, config.pipeline().parallelism())));
        settings.putAll(sharedSettings(config.local().prometheusPorts(), S3Checkpoints.of(config, S3Checkpoints.UP), tmp));
        resumeFrom.ifPresent(p -> settings.put("execution.state-recovery.path", p));
        Configuration flink = Configuration.fromMap(settings);
        FlinkPlugins.initializeFileSystems(flink);
        return flink;
    }

    /**
     * What the local MiniCluster and a local standalone cluster ({@code reelflow cluster up}) share: the REST API on
     * loopback only, the Prometheus reporter on {@code prometheusPorts}, retained checkpoints and savepoints in the S3
     * store ({@code checkpoints}), restarts with exponential backoff, and Flink's temporary files under {@code tmp}.
     */
    public static Map<String, String> sharedSettings(String prometheusPorts, S3Checkpoints checkpoints, Path tmp) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("rest.address", "127.0.0.1");
        settings.put("rest.bind-address", "127.0.0.1");
        settings.put("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        settings.put("metrics.reporter.prom.port", prometheusPorts);
        settings.putAll(checkpoints.flinkSettings());
        settings.put("execution.checkpointing.num-retained", "2");
        settings.put("state.backend.type", "hashmap");
        // Restarts back off from 1 s to 30 s, so a lost TaskManager, a broker restart or a store outage of minutes is
        // ridden out (docs/GUARANTEES.md); 20 failures without 5 minutes of calm between them still fail the job,
        // so a failure every attempt hits (a bug) surfaces after about 8 minutes rather than looping forever.
        settings.put("restart-strategy.type", "exponential-delay");
        settings.put("restart-strategy.exponential-delay.initial-backoff", "1 s");
        settings.put("restart-strategy.exponential-delay.max-backoff", "30 s");
        settings.put("restart-strategy.exponential-delay.backoff-multiplier", "2.0");
        settings.put("restart-strategy.exponential-delay.jitter-factor", "0.1");
        settings.put("restart-strategy.exponential-delay.reset-backoff-threshold", "5 min");
        settings.put("restart-strategy.exponential-delay.attempts-before-reset-backoff", "20");
        settings.put("io.tmp.dirs", tmp.toString());
        settings.put("web.tmpdir", tmp.toString());
        settings.put("web.upload.dir", tmp.toString());
        return settings;
    }

    /** Waits until the job runs (or fails fast with its cause). */
    public static void awaitRunning(JobClient job) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            JobStatus status = job.getJobStatus().get();
            if (status == JobStatus.RUNNING) {
                return;
            }
            if (status.isGloballyTerminalState()) {
                job.getJobExecutionResult().get(); // throws the job's failure
                throw new IllegalStateException("the job ended at start: " + status);
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the job did not start within 2 minutes");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}

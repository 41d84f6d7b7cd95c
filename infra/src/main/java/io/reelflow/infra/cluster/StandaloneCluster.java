package io.reelflow.infra.cluster;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * A Flink standalone session cluster on this machine: one JobManager JVM and N TaskManager JVMs, each its own process
 * started from the build's jars with the data directory's {@code conf/config.yaml}. The processes outlive the command
 * that starts them; {@code dataDir/cluster.pid} records them for {@link #stop}.
 */
public final class StandaloneCluster {

    static final String JOB_MANAGER = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    static final String TASK_MANAGER = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final String restUrl;
    private final List<ClusterProcess> processes;

    private StandaloneCluster(String restUrl, List<ClusterProcess> processes) {
        this.restUrl = restUrl;
        this.processes = processes;
    }

    /** The JobManager's REST API, e.g. {@code http://127.0.0.1:8081}. */
    public String restUrl() {
        return restUrl;
    }

    public List<ClusterProcess> processes() {
        return processes;
    }

    /**
     * Starts the cluster and returns once the REST API reports every TaskManager registered. If it does not get there,
     * stops what it started and fails naming the logs.
     */
    public static StandaloneCluster start(ClusterSpec spec) throws IOException, InterruptedException {
        List<ClusterProcess> running = ClusterProcess.readAll(spec.dataDir()).stream().filter(ClusterProcess::isAlive).toList();
        if (!running.isEmpty()) {
            throw new IllegalStateException("a cluster is already running under " + spec.dataDir() + " (pids "
                    + running.stream().map(p -> Long.toString(p.pid())).collect(Collectors.joining(", "))
                    + "); stop it with `reelflow cluster down`");
        }
        ClusterConfig.write(spec);
        Path conf = ClusterConfig.confDir(spec.dataDir());
        Configuration flink = GlobalConfiguration.loadConfiguration(conf.toString());
        String restUrl = restUrl(flink);
        List<ClusterProcess> started = new ArrayList<>();
        try {
            JobManagerProcessSpec jm = JobManagerProcessUtils.processSpecFromConfig(flink);
            started.add(launch(spec, flink, "jobmanager", JobManagerProcessUtils.generateJvmParametersStr(jm, flink),
                    JOB_MANAGER, "--executionMode cluster " + JobManagerProcessUtils.generateDynamicConfigsStr(jm), -1));
            TaskExecutorProcessSpec tm = TaskExecutorProcessUtils.processSpecFromConfig(flink);
            int cores = Runtime.getRuntime().availableProcessors();
            for (int i = 1; i <= spec.taskManagers(); i++) {
                started.add(launch(spec, flink, "taskmanager-" + i, ProcessMemoryUtils.generateJvmParametersStr(tm),
                        TASK_MANAGER, TaskExecutorProcessUtils.generateDynamicConfigsStr(tm),
                        spec.pinTaskManagers() ? (i - 1) % cores : -1));
            }
            ClusterProcess.writeAll(spec.dataDir(), started);
            awaitTaskManagers(restUrl, spec.taskManagers(), started);
            return new StandaloneCluster(restUrl, List.copyOf(started));
        } catch (IOException | InterruptedException | RuntimeException e) {
            ClusterProcess.stopAll(started);
            ClusterProcess.writeAll(spec.dataDir(), List.of());
            throw e;
        }
    }

    /** The REST URL of the cluster whose configuration is under {@code dataDir}. */
    public static String restUrl(Path dataDir) {
        Path conf = ClusterConfig.confDir(dataDir);
        if (!Files.isRegularFile(conf.resolve(ClusterConfig.FILE))) {
            throw new IllegalStateException("no cluster configuration under " + dataDir + "; start one with `reelflow cluster up`");
        }
        return restUrl(GlobalConfiguration.loadConfiguration(conf.toString()));
    }

    /**
     * Stops every process recorded under {@code dataDir}: SIGTERM, then SIGKILL for any still running after
     * {@code grace}. Returns the processes it found running.
     */
    public static List<ClusterProcess> stop(Path dataDir, Duration grace) throws IOException, InterruptedException {
        List<ClusterProcess> recorded = ClusterProcess.readAll(dataDir);
        List<ClusterProcess> alive = recorded.stream().filter(ClusterProcess::isAlive).toList();
        ClusterProcess.stopAll(alive, grace);
        ClusterProcess.writeAll(dataDir, List.of());
        return alive;
    }

    private static String restUrl(Configuration flink) {
        return "http://" + flink.get(RestOptions.ADDRESS) + ":" + flink.get(RestOptions.PORT);
    }

    /** Starts one JVM; on {@code core} alone (through {@code taskset}) unless it is negative. */
    private static ClusterProcess launch(ClusterSpec spec, Configuration flink, String name, String memoryFlags,
            String mainClass, String arguments, int core) throws IOException {
        Path logs = spec.dataDir().resolve("logs");
        List<String> command = new ArrayList<>();
        if (core >= 0) {
            command.addAll(List.of("taskset", "-c", Integer.toString(core))); // it execs java: the pid stays the JVM's
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(words(memoryFlags));
        command.addAll(words(flink.get(CoreOptions.FLINK_JVM_OPTIONS)));
        command.addAll(words(flink.get(mainClass.equals(JOB_MANAGER) ? CoreOptions.FLINK_JM_JVM_OPTIONS : CoreOptions.FLINK_TM_JVM_OPTIONS)));
        command.add("-Dlog.file=" + logs.resolve(name + ".log"));
        command.add("-Dlog4j.configurationFile=" + ClusterConfig.confDir(spec.dataDir()).resolve("log4j.properties").toUri());
        command.add("-cp");
        command.add(spec.classpath().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        command.add(mainClass);
        command.add("--configDir");
        command.add(ClusterConfig.confDir(spec.dataDir()).toString());
        command.addAll(words(arguments));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".out").toFile()));
        // Native libraries (ONNX Runtime, JavaCPP) leave files in TMPDIR: keep them under the data directory.
        builder.environment().put("TMPDIR", spec.dataDir().resolve("tmp").toString());
        if (mainClass.equals(TASK_MANAGER)) {
            // OpenMP (libtorch's intra-op pool) sizes itself from this at start, before DJL sets PyTorch's threads.
            builder.environment().put("OMP_NUM_THREADS", Integer.toString(ClusterConfig.modelThreads(spec)));
        }
        return ClusterProcess.of(name, builder.start().toHandle());
    }

    private static void awaitTaskManagers(String restUrl, int expected, List<ClusterProcess> started)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        ClusterRest rest = new ClusterRest(restUrl);
        int registered = 0;
        while (System.nanoTime() < deadline) {
            Optional<ClusterProcess> dead = started.stream().filter(p -> !p.isAlive()).findFirst();
            if (dead.isPresent()) {
                throw new IllegalStateException(dead.get().name() + " exited during start-up; see its log under "
                        + "logs/" + dead.get().name() + ".log and .out");
            }
            try {
                registered = rest.overview().taskManagers();
                if (registered >= expected) {
                    return;
                }
            } catch (IOException e) {
                // the REST endpoint is not up yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(registered + " of " + expected + " TaskManagers registered within "
                + START_TIMEOUT.toSeconds() + " s; see the logs");
    }

    private static List<String> words(String s) {
        return s == null || s.isBlank() ? List.of() : Arrays.stream(s.trim().split("\\s+")).toList();
    }
}

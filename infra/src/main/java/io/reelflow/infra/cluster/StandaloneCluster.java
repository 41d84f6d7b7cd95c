package io.reelflow.infra.cluster;

import io.reelflow.infra.FlinkPlugins;
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
import org.apache.flink.configuration.ConfigConstants;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
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
    private static final String TASK_MANAGER_PREFIX = "taskmanager-";
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
            int cores = Runtime.getRuntime().availableProcessors();
            for (int i = 1; i <= spec.taskManagers(); i++) {
                started.add(launchTaskManager(spec.dataDir(), spec.classpath(), flink, i,
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

    /**
     * Starts one more TaskManager into the running cluster under {@code dataDir} (to replace one that died, say), from
     * the same {@code conf/config.yaml} and {@code classpath}, records it, and returns once it registered with the
     * JobManager. Its name, {@code taskmanager-K}, numbers on from every TaskManager the cluster ever recorded.
     */
    public static ClusterProcess addTaskManager(Path dataDir, List<Path> classpath) throws IOException, InterruptedException {
        List<ClusterProcess> recorded = ClusterProcess.readAll(dataDir);
        if (recorded.stream().noneMatch(p -> p.name().equals("jobmanager") && p.isAlive())) {
            throw new IllegalStateException("no running cluster under " + dataDir + "; start one with `reelflow cluster up`");
        }
        int next = 1 + recorded.stream().filter(p -> p.name().startsWith(TASK_MANAGER_PREFIX))
                .mapToInt(p -> Integer.parseInt(p.name().substring(TASK_MANAGER_PREFIX.length()))).max().orElse(0);
        Path conf = ClusterConfig.confDir(dataDir);
        Configuration flink = GlobalConfiguration.loadConfiguration(conf.toString());
        ClusterProcess added = launchTaskManager(dataDir, classpath, flink, next, -1);
        List<ClusterProcess> all = new ArrayList<>(recorded);
        all.add(added);
        ClusterProcess.writeAll(dataDir, all);
        try {
            awaitRegistered(restUrl(flink), added);
        } catch (IOException | InterruptedException | RuntimeException e) {
            ClusterProcess.stopAll(List.of(added));
            ClusterProcess.writeAll(dataDir, recorded);
            throw e;
        }
        return added;
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

    /**
     * TaskManager {@code index}, with its name as resource id, so REST, logs and the pid file agree; on {@code core}
     * alone (through {@code taskset}) unless it is negative.
     */
    private static ClusterProcess launchTaskManager(Path dataDir, List<Path> classpath, Configuration flink, int index,
            int core) throws IOException {
        TaskExecutorProcessSpec tm = TaskExecutorProcessUtils.processSpecFromConfig(flink);
        String name = TASK_MANAGER_PREFIX + index;
        return launch(dataDir, classpath, flink, name, ProcessMemoryUtils.generateJvmParametersStr(tm), TASK_MANAGER,
                TaskExecutorProcessUtils.generateDynamicConfigsStr(tm) + " -D" + TaskManagerOptions.TASK_MANAGER_RESOURCE_ID.key()
                        + "=" + name, core);
    }

    private static ClusterProcess launch(ClusterSpec spec, Configuration flink, String name, String memoryFlags,
            String mainClass, String arguments, int core) throws IOException {
        return launch(spec.dataDir(), spec.classpath(), flink, name, memoryFlags, mainClass, arguments, core);
    }

    /** Starts one JVM; on {@code core} alone (through {@code taskset}) unless it is negative. */
    private static ClusterProcess launch(Path dataDir, List<Path> classpath, Configuration flink, String name,
            String memoryFlags, String mainClass, String arguments, int core) throws IOException {
        Path logs = dataDir.resolve("logs");
        List<String> command = new ArrayList<>();
        if (core >= 0) {
            command.addAll(List.of("taskset", "-c", Integer.toString(core))); // it execs java: the pid stays the JVM's
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(words(memoryFlags));
        command.addAll(words(flink.get(CoreOptions.FLINK_JVM_OPTIONS)));
        command.addAll(words(flink.get(mainClass.equals(JOB_MANAGER) ? CoreOptions.FLINK_JM_JVM_OPTIONS : CoreOptions.FLINK_TM_JVM_OPTIONS)));
        command.add("-Dlog.file=" + logs.resolve(name + ".log"));
        command.add("-Dlog4j.configurationFile=" + ClusterConfig.confDir(dataDir).resolve("log4j.properties").toUri());
        command.add("-cp");
        command.add(classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        command.add(mainClass);
        command.add("--configDir");
        command.add(ClusterConfig.confDir(dataDir).toString());
        command.addAll(words(arguments));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".out").toFile()));
        // Native libraries (ONNX Runtime, JavaCPP) leave files in TMPDIR: keep them under the data directory.
        builder.environment().put("TMPDIR", dataDir.resolve("tmp").toString());
        // Flink's S3 filesystem (checkpoints, savepoints) is a plugin; entry points load plugins from here.
        builder.environment().put(ConfigConstants.ENV_FLINK_PLUGINS_DIR, FlinkPlugins.dir().toString());
        if (mainClass.equals(TASK_MANAGER)) {
            // OpenMP (libtorch's intra-op pool) sizes itself from this at start, before DJL sets PyTorch's threads.
            builder.environment().put("OMP_NUM_THREADS", Integer.toString(ClusterConfig.modelThreads(flink)));
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

    private static void awaitRegistered(String restUrl, ClusterProcess taskManager) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        ClusterRest rest = new ClusterRest(restUrl);
        while (System.nanoTime() < deadline) {
            if (!taskManager.isAlive()) {
                throw new IllegalStateException(taskManager.name() + " exited during start-up; see its log under logs/"
                        + taskManager.name() + ".log and .out");
            }
            if (rest.taskManagerIds().contains(taskManager.name())) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(taskManager.name() + " did not register within " + START_TIMEOUT.toSeconds()
                + " s; see logs/" + taskManager.name() + ".log");
    }

    private static List<String> words(String s) {
        return s == null || s.isBlank() ? List.of() : Arrays.stream(s.trim().split("\\s+")).toList();
    }
}

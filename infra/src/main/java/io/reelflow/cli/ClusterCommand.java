package io.reelflow.cli;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.infra.LocalRuntime;
import io.reelflow.infra.S3Checkpoints;
import io.reelflow.infra.cluster.ClusterProcess;
import io.reelflow.infra.cluster.ClusterRest;
import io.reelflow.infra.cluster.ClusterSpec;
import io.reelflow.infra.cluster.StandaloneCluster;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A Flink standalone session cluster on this machine: {@code up}, {@code down}, {@code status}, {@code stop}, {@code add-taskmanager}. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = {"A Flink standalone session cluster on this machine, started from the build's jars.",
            "Submit jobs to it with `reelflow run --cluster URL`."},
        subcommands = {ClusterCommand.Up.class, ClusterCommand.Down.class, ClusterCommand.Status.class,
            ClusterCommand.Stop.class, ClusterCommand.AddTaskManager.class})
final class ClusterCommand {

    /** {@code local.data-dir/cluster} unless given. */
    static Path dataDir(ConfigOptions config, Path given) {
        return given != null ? given : Path.of(config.load().local().dataDir()).resolve("cluster");
    }

    /** The cluster's JVMs run from this CLI's own classpath: the build's jars. */
    static List<Path> ownClasspath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of).toList();
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = {"Start a JobManager and N TaskManager JVMs, wait until all TaskManagers registered, print the",
                "JobManager's REST URL and exit, leaving the cluster running. Logs under DIR/logs, config in DIR/conf."})
    static final class Up implements Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Option(names = "--taskmanagers", defaultValue = "2", description = "TaskManager JVMs (default ${DEFAULT-VALUE}).")
        int taskManagers;

        @Option(names = "--slots", defaultValue = "1", description = "Slots per TaskManager (default ${DEFAULT-VALUE}).")
        int slots;

        @Option(names = "--taskmanager-memory", defaultValue = "4g",
                description = "Process size of each TaskManager, JVM overhead for libtorch included (default ${DEFAULT-VALUE}).")
        String taskManagerMemory;

        @Option(names = "--rest-port", description = "JobManager REST port; 0 picks a free one (default local.flink-rest-port).")
        Integer restPort;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the cluster keeps config, logs and temporary files (default local.data-dir/cluster).")
        Path dataDir;

        @Override
        public Integer call() throws Exception {
            ReelflowConfig cfg = config.load();
            LocalRuntime.prepare(Path.of(cfg.local().dataDir()).resolve("cache"));
            Path dir = dataDir(config, dataDir).toAbsolutePath();
            ClusterSpec spec = ClusterSpec.builder()
                    .taskManagers(taskManagers).slotsPerTaskManager(slots).taskManagerMemory(taskManagerMemory)
                    .dataDir(dir).restPort(restPort != null ? restPort : cfg.local().flinkRestPort())
                    .prometheusPorts(cfg.local().prometheusPorts())
                    .checkpoints(S3Checkpoints.of(cfg, S3Checkpoints.CLUSTER))
                    .classpath(ownClasspath())
                    .jvmFlags(modulesOpened()).javaOpts(nativeCaches()).build();
            System.err.printf("starting a JobManager and %d TaskManagers (%d slots each) under %s ...%n", taskManagers, slots, dir);
            StandaloneCluster cluster = StandaloneCluster.start(spec);
            System.err.println("logs in " + dir.resolve("logs") + "; stop with `reelflow cluster down`");
            System.out.println(cluster.restUrl());
            return 0;
        }

        /** Flink's --add-opens for Java 17: the ones this JVM was started with (the pom is their one source). */
        static List<String> modulesOpened() {
            return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(a -> a.startsWith("--add-opens") || a.startsWith("--add-exports")).toList();
        }

        /** The same offline DJL and native caches as this JVM, so natives are extracted once per machine. */
        static Map<String, String> nativeCaches() {
            Map<String, String> props = new LinkedHashMap<>();
            for (String key : List.of("ai.djl.offline", "DJL_CACHE_DIR", "ENGINE_CACHE_DIR", "org.bytedeco.javacpp.cachedir")) {
                props.put(key, System.getProperty(key));
            }
            return props;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true,
            description = "Stop every process `cluster up` started: SIGTERM, then SIGKILL after the grace period.")
    static final class Down implements Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "The cluster's directory (default local.data-dir/cluster).")
        Path dataDir;

        @Option(names = "--grace", defaultValue = "PT30S", description = "How long to wait after SIGTERM (ISO-8601, default ${DEFAULT-VALUE}).")
        Duration grace;

        @Override
        public Integer call() throws Exception {
            List<ClusterProcess> stopped = StandaloneCluster.stop(dataDir(config, dataDir).toAbsolutePath(), grace);
            System.err.println(stopped.isEmpty() ? "no cluster process was running"
                    : "stopped " + String.join(", ", stopped.stream().map(p -> p.name() + " (" + p.pid() + ")").toList()));
            return 0;
        }
    }

    @Command(name = "add-taskmanager", mixinStandardHelpOptions = true,
            description = {"Start one more TaskManager JVM into the running cluster (e.g. to replace one that died) and",
                "return once it registered; `cluster down` stops it with the others."})
    static final class AddTaskManager implements Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "The cluster's directory (default local.data-dir/cluster).")
        Path dataDir;

        @Override
        public Integer call() throws Exception {
            ClusterProcess added = StandaloneCluster.addTaskManager(dataDir(config, dataDir).toAbsolutePath(), ownClasspath());
            System.out.println(added.name() + " " + added.pid());
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = {"Stop a job with a savepoint in the S3 store and print the savepoint's path; resume it with",
                "`reelflow run --cluster URL --from-savepoint PATH` (with another pipeline.parallelism if you like)."})
    static final class Stop implements Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Parameters(index = "0", paramLabel = "JOB_ID", description = "The job, as `run` and `cluster status` print it.")
        String jobId;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "The cluster's directory (default local.data-dir/cluster).")
        Path dataDir;

        @Option(names = "--timeout", defaultValue = "PT5M", description = "How long to wait for the savepoint (ISO-8601, default ${DEFAULT-VALUE}).")
        Duration timeout;

        @Override
        public Integer call() throws Exception {
            String url = StandaloneCluster.restUrl(dataDir(config, dataDir).toAbsolutePath());
            System.err.println("stopping " + jobId + " with a savepoint ...");
            System.out.println(new ClusterRest(url).stopWithSavepoint(jobId, timeout));
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Print the cluster's TaskManagers, slots and jobs.")
    static final class Status implements Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "The cluster's directory (default local.data-dir/cluster).")
        Path dataDir;

        @Override
        public Integer call() throws Exception {
            String url = StandaloneCluster.restUrl(dataDir(config, dataDir).toAbsolutePath());
            ClusterRest rest = new ClusterRest(url);
            ClusterRest.Overview o = rest.overview();
            System.out.printf("cluster       %s (Flink %s)%ntaskmanagers  %d%nslots         %d total, %d available%n"
                            + "jobs          %d running, %d finished, %d cancelled, %d failed%n",
                    url, o.flinkVersion(), o.taskManagers(), o.slotsTotal(), o.slotsAvailable(), o.jobsRunning(),
                    o.jobsFinished(), o.jobsCancelled(), o.jobsFailed());
            for (ClusterRest.Job job : rest.jobs()) {
                System.out.printf("  %s  %-10s %s%n", job.id(), job.state(), job.name());
            }
            return 0;
        }
    }
}

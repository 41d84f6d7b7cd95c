package io.reelflow.infra.cluster;

import io.reelflow.infra.S3Checkpoints;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code reelflow cluster up} starts: how many TaskManagers with how many slots, their memory, the ports, and the
 * jars every JVM runs from. Built with {@link #builder()}, which checks every setting.
 *
 * @param dataDir       config, logs, temporary files and the pid file of the cluster
 * @param classpath     the jars (and class directories) every JVM runs from: the build's own, as flink-dist is not on
 *                      Maven Central
 * @param jvmFlags      flags every JVM needs before Flink's own (the platform's --add-opens)
 * @param restPort      the JobManager's REST port; 0 picks a free one
 * @param javaOpts      more {@code -D} settings for every JVM ({@code env.java.opts.all}): native caches, DJL offline
 * @param modelThreads  PyTorch intra-op threads (and {@code OMP_NUM_THREADS}) per TaskManager; 0: the cores divided
 *                      among the TaskManagers
 * @param pinTaskManagers whether TaskManager K runs under {@code taskset} on core K-1 (modulo the cores)
 * @param checkpoints   where checkpoints and savepoints go (the S3 store)
 */
public record ClusterSpec(int taskManagers, int slotsPerTaskManager, String taskManagerMemory, String jobManagerMemory,
        Path dataDir, List<Path> classpath, List<String> jvmFlags, int restPort,
        String prometheusPorts, Map<String, String> javaOpts, int modelThreads, boolean pinTaskManagers,
        S3Checkpoints checkpoints) {

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private int taskManagers = 1;
        private int slots = 1;
        private String taskManagerMemory = "4g";
        private String jobManagerMemory = "1g";
        private Path dataDir;
        private List<Path> classpath = List.of();
        private List<String> jvmFlags = List.of();
        private int restPort;
        private String prometheusPorts = "9249-9259";
        private Map<String, String> javaOpts = Map.of();
        private S3Checkpoints checkpoints;
        private int modelThreads;
        private boolean pinTaskManagers;

        public Builder taskManagers(int n) { taskManagers = n; return this; }
        public Builder slotsPerTaskManager(int n) { slots = n; return this; }
        public Builder taskManagerMemory(String size) { taskManagerMemory = size; return this; }
        public Builder jobManagerMemory(String size) { jobManagerMemory = size; return this; }
        public Builder dataDir(Path dir) { dataDir = dir; return this; }
        public Builder classpath(List<Path> entries) { classpath = List.copyOf(entries); return this; }
        public Builder jvmFlags(List<String> flags) { jvmFlags = List.copyOf(flags); return this; }
        public Builder restPort(int port) { restPort = port; return this; }
        public Builder prometheusPorts(String range) { prometheusPorts = range; return this; }
        public Builder javaOpts(Map<String, String> opts) { javaOpts = Map.copyOf(opts); return this; }
        public Builder checkpoints(S3Checkpoints store) { checkpoints = store; return this; }
        public Builder modelThreads(int n) { modelThreads = n; return this; }
        public Builder pinTaskManagers(boolean pin) { pinTaskManagers = pin; return this; }

        public ClusterSpec build() {
            require(taskManagers >= 1 && taskManagers <= 16, "--taskmanagers must be 1..16, was " + taskManagers);
            require(slots >= 1 && slots <= 64, "--slots must be 1..64, was " + slots);
            require(restPort >= 0 && restPort <= 65535, "--rest-port must be 0..65535, was " + restPort);
            require(taskManagerMemory.matches("\\d+[kmgKMG]?[bB]?"), "--taskmanager-memory must be a size like 3g, was " + taskManagerMemory);
            require(jobManagerMemory.matches("\\d+[kmgKMG]?[bB]?"), "--jobmanager-memory must be a size like 1g, was " + jobManagerMemory);
            require(prometheusPorts.matches("\\d+(-\\d+)?"), "local.prometheus-ports must be a port or a range like 9249-9259, was " + prometheusPorts);
            require(modelThreads >= 0, "model threads must be >= 0 (0: cores / TaskManagers), was " + modelThreads);
            require(!classpath.isEmpty(), "the cluster's classpath is empty");
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(checkpoints, "checkpoints: where the cluster's checkpoints and savepoints go, "
                    + "S3Checkpoints.of(config, S3Checkpoints.CLUSTER)");
            return new ClusterSpec(taskManagers, slots, taskManagerMemory, jobManagerMemory, dataDir.toAbsolutePath(),
                    classpath, jvmFlags, restPort, prometheusPorts, javaOpts, modelThreads, pinTaskManagers,
                    checkpoints);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}

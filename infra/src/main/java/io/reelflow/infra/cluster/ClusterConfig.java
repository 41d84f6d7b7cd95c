package io.reelflow.infra.cluster;

import io.reelflow.infra.LocalRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;

/**
 * The cluster's Flink 2.x {@code config.yaml} and log configuration, under {@code dataDir/conf}: the one place the
 * JVMs' settings live, as on a cluster started with Flink's scripts.
 */
final class ClusterConfig {

    static final String FILE = "config.yaml";
    private static final Pattern MODEL_THREADS = Pattern.compile("-Dai\\.djl\\.pytorch\\.num_threads=(\\d+)");

    private ClusterConfig() {}

    static Path confDir(Path dataDir) {
        return dataDir.resolve("conf");
    }

    /** Writes {@code conf/config.yaml} and {@code conf/log4j.properties}; returns the REST port the cluster will use. */
    static int write(ClusterSpec spec) throws IOException {
        Path conf = confDir(spec.dataDir());
        Path tmp = spec.dataDir().resolve("tmp");
        Files.createDirectories(conf);
        Files.createDirectories(tmp);
        Files.createDirectories(spec.dataDir().resolve("logs"));
        int restPort = spec.restPort() != 0 ? spec.restPort() : freePort();
        Map<String, String> c = new LinkedHashMap<>();
        // Loopback only: this is a cluster on one machine.
        c.put("jobmanager.rpc.address", "127.0.0.1");
        c.put("jobmanager.rpc.port", Integer.toString(freePort()));
        c.put("jobmanager.bind-host", "127.0.0.1");
        c.put("taskmanager.bind-host", "127.0.0.1");
        c.put("taskmanager.host", "127.0.0.1");
        c.put("rest.port", Integer.toString(restPort));
        c.put("taskmanager.numberOfTaskSlots", Integer.toString(spec.slotsPerTaskManager()));
        c.put("parallelism.default", Integer.toString(spec.taskManagers() * spec.slotsPerTaskManager()));
        c.put("taskmanager.load-balance.mode", "SLOTS"); // spread a job's subtasks over the TaskManagers
        // Memory: libtorch allocates outside the JVM, so the TaskManagers keep a large JVM overhead for it; DJL's
        // direct buffers count against task off-heap. Managed memory only serves batch sorting (state is on heap).
        c.put("jobmanager.memory.process.size", spec.jobManagerMemory());
        c.put("taskmanager.memory.process.size", spec.taskManagerMemory());
        c.put("taskmanager.memory.jvm-overhead.fraction", "0.3");
        c.put("taskmanager.memory.jvm-overhead.min", "512m");
        c.put("taskmanager.memory.jvm-overhead.max", "2g");
        c.put("taskmanager.memory.task.off-heap.size", "256m");
        c.put("taskmanager.memory.managed.size", "256m");
        // A campaign (BATCH) writes each of its many outputs through a sort shuffle that by default reserves 512
        // buffers per result partition: with the chain's side outputs that exhausted even 16,711 buffers.
        c.put("taskmanager.network.sort-shuffle.min-buffers", "64");
        c.put("taskmanager.memory.network.fraction", "0.2");
        c.put("taskmanager.memory.network.min", "256m");
        c.put("taskmanager.memory.network.max", "1g");
        c.putAll(LocalRuntime.sharedSettings(spec.prometheusPorts(), spec.checkpoints(), tmp));
        c.put("env.java.opts.all", javaOptsAll(spec, tmp));
        c.put("env.java.opts.taskmanager", "-Dai.djl.pytorch.num_threads=" + modelThreads(spec)
                + " -Dai.djl.pytorch.num_interop_threads=1");
        Files.writeString(conf.resolve(FILE), c.entrySet().stream()
                .map(e -> e.getKey() + ": " + quoted(e.getValue())).collect(Collectors.joining("\n", "", "\n")));
        Files.writeString(conf.resolve("log4j.properties"), LOG4J);
        return restPort;
    }

    /** Each TaskManager's share of the cores for PyTorch (unless set), so N of them do not oversubscribe the machine. */
    static int modelThreads(ClusterSpec spec) {
        return spec.modelThreads() > 0 ? spec.modelThreads()
                : Math.max(1, Runtime.getRuntime().availableProcessors() / spec.taskManagers());
    }

    /** The PyTorch threads a cluster's configuration gives each TaskManager (what {@link #write} put there). */
    static int modelThreads(Configuration flink) {
        Matcher threads = MODEL_THREADS.matcher(flink.get(CoreOptions.FLINK_TM_JVM_OPTIONS));
        return threads.find() ? Integer.parseInt(threads.group(1)) : 1;
    }

    private static String javaOptsAll(ClusterSpec spec, Path tmp) {
        Map<String, String> props = new LinkedHashMap<>();
        // Flink refuses to deserialize Avro SpecificRecords of packages it is not told to trust.
        props.put("org.apache.avro.SERIALIZABLE_PACKAGES", "io.reelflow.schema");
        props.put("java.io.tmpdir", tmp.toString());
        props.putAll(spec.javaOpts());
        StringBuilder opts = new StringBuilder(String.join(" ", spec.jvmFlags()));
        props.forEach((k, v) -> opts.append(opts.isEmpty() ? "" : " ").append("-D").append(k).append('=').append(v));
        return opts.toString();
    }

    private static String quoted(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final String LOG4J = """
            # One log file per JVM: the launcher sets -Dlog.file.
            monitorInterval = 30
            rootLogger.level = INFO
            rootLogger.appenderRef.file.ref = MainAppender
            logger.kafka.name = org.apache.kafka
            logger.kafka.level = WARN
            logger.djl.name = ai.djl
            logger.djl.level = WARN
            appender.main.name = MainAppender
            appender.main.type = File
            appender.main.append = true
            appender.main.fileName = ${sys:log.file}
            appender.main.layout.type = PatternLayout
            appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
            """;
}

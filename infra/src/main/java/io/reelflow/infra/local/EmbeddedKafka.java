package io.reelflow.infra.local;

import io.reelflow.config.KafkaConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker (4.4.0) for the local stack, in its own JVM: one KRaft node that is both broker and
 * controller, on the host:port of {@code kafka.bootstrap-servers} (port 0: a free one), with its log under a data
 * directory that survives restarts. Its own JVM because the broker needs kafka-clients of its version while the
 * Flink Kafka connector needs the older clients it is built against (see infra/kafka-broker). The child stops when
 * this JVM closes it or dies (it watches its stdin). Single-node settings: internal topics with one replica, no
 * initial rebalance delay, and a transaction maximum above {@code kafka.transaction-timeout}.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    /** Where infra/kafka-broker's build output is: its classes and target/classpath.txt. */
    public static final String BROKER_HOME_PROPERTY = "reelflow.kafka.broker.home";
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    /** The broker's default; raised only when the configured transaction timeout needs more. */
    private static final Duration BROKER_MAX_TRANSACTION_TIMEOUT = Duration.ofMinutes(15);
    /** Partitions of __consumer_offsets and __transaction_state: a few, not 50, on a laptop-sized broker. */
    private static final int INTERNAL_TOPIC_PARTITIONS = 4;
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaConfig config;
    private final HostPort address;
    private final Process process;

    private EmbeddedKafka(KafkaConfig config, HostPort address, Process process) {
        this.config = config;
        this.address = address;
        this.process = process;
    }

    /** Formats {@code dataDir} on first use, then starts the broker; returns once it accepts clients. */
    public static EmbeddedKafka start(KafkaConfig config, Path dataDir) throws Exception {
        long started = System.nanoTime();
        HostPort address = HostPort.parse(config.bootstrapServers()).resolveFreePort();
        // Static voters, so the controller may get another port on the next start without touching the log.
        HostPort controller = new HostPort(address.host(), HostPort.freePort(address.host()));
        Path dir = dataDir.toAbsolutePath();
        Path logDir = dir.resolve("logs");
        Files.createDirectories(logDir);
        Path propertiesFile = dir.resolve("server.properties");
        try (Writer out = Files.newBufferedWriter(propertiesFile)) {
            serverProperties(config, address, controller, logDir).store(out, "written by reelflow at each start");
        }
        Path home = brokerHome();
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC",
                "-Dlog4j2.configurationFile=log4j2-broker.xml",
                "-Dreelflow.broker.log=" + dir.resolve("broker.log"),
                "-cp", home.resolve("classes") + java.io.File.pathSeparator
                        + Files.readString(home.resolve("classpath.txt")).trim(),
                "io.reelflow.broker.BrokerMain", propertiesFile.toString());
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.err").toFile()))
                .start();
        try {
            awaitReady(process, dir);
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
        LOG.info("Kafka broker (pid {}) listening on {} (data in {}), started in {} ms", process.pid(),
                address, dir, Duration.ofNanos(System.nanoTime() - started).toMillis());
        return new EmbeddedKafka(config, address, process);
    }

    /** Where clients connect: {@code host:port}, with the actual port if 0 was asked for. */
    public String bootstrapServers() {
        return address.toString();
    }

    /**
     * Creates the requests, events, results, dead-letter, control, moderation-audit and review topics with {@code kafka.partitions} partitions and
     * {@code kafka.replication-factor} replicas; topics that exist already are left as they are.
     */
    public void createTopics() throws InterruptedException {
        KafkaConfig.Topics topics = config.topics();
        createTopics(List.of(topics.requests(), topics.events(), topics.results(), topics.deadLetters(),
                topics.control(), topics.moderation(), topics.reviews()));
    }

    /** Creates {@code names} as {@link #createTopics()} creates the configured topics. */
    public void createTopics(List<String> names) throws InterruptedException {
        List<NewTopic> wanted = new ArrayList<>();
        for (String name : names) {
            wanted.add(new NewTopic(name, config.partitions(), config.replicationFactor()));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            var created = admin.createTopics(wanted).values();
            for (var entry : created.entrySet()) {
                try {
                    entry.getValue().get();
                    LOG.info("Created topic {} ({} partitions)", entry.getKey(), config.partitions());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + entry.getKey() + ": "
                                + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
        }
    }

    /** Stops the broker and waits until its log is closed, so the data directory can be opened again. */
    @Override
    public void close() throws Exception {
        long started = System.nanoTime();
        process.getOutputStream().close(); // the broker shuts down cleanly when its stdin ends
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            LOG.warn("Kafka broker (pid {}) did not stop within {}; killing it", process.pid(), STOP_TIMEOUT);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        LOG.info("Kafka broker on {} stopped in {} ms", address, Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    /** The broker's build output: {@value #BROKER_HOME_PROPERTY}, or infra/kafka-broker/target above the working dir. */
    static Path brokerHome() {
        String configured = System.getProperty(BROKER_HOME_PROPERTY);
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : List.of(dir.resolve("infra/kafka-broker/target"), dir.resolve("kafka-broker/target"))) {
                if (Files.isRegularFile(candidate.resolve("classpath.txt"))) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("cannot find the Kafka broker's classpath (infra/kafka-broker/target/"
                + "classpath.txt): build the project first, or set -D" + BROKER_HOME_PROPERTY);
    }

    /** Waits for the child's READY line; fails with the end of its error output if it exits first. */
    private static void awaitReady(Process process, Path dir) throws Exception {
        CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> {
            // Not closed here: after READY a daemon thread keeps draining it so the child never blocks on stdout.
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.equals("READY")) {
                        Thread drain = new Thread(() -> drain(out), "kafka-broker-stdout");
                        drain.setDaemon(true);
                        drain.start();
                        return true;
                    }
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        });
        boolean started;
        try {
            started = ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            started = false;
        }
        if (!started) {
            throw new IllegalStateException("the Kafka broker did not start (see " + dir.resolve("broker.log")
                    + "): " + tail(dir.resolve("broker.err")));
        }
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // discard: the broker logs to broker.log
            }
        } catch (IOException e) {
            // the child ended
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no error output)";
        }
    }

    private static Properties serverProperties(KafkaConfig config, HostPort address, HostPort controller, Path logDir) {
        long maxTransactionMs = Math.max(BROKER_MAX_TRANSACTION_TIMEOUT.toMillis(),
                config.transactionTimeout().plus(Duration.ofMinutes(1)).toMillis());
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + controller);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("listeners", "PLAINTEXT://" + address + "," + CONTROLLER_LISTENER + "://" + controller);
        p.put("advertised.listeners", "PLAINTEXT://" + address);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", String.valueOf(INTERNAL_TOPIC_PARTITIONS));
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", String.valueOf(INTERNAL_TOPIC_PARTITIONS));
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("transaction.max.timeout.ms", String.valueOf(maxTransactionMs));
        return p;
    }
}

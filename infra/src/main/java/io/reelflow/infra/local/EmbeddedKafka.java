package io.reelflow.infra.local;

import io.reelflow.config.KafkaConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker in this JVM: one KRaft node that is both broker and controller, on the host:port of
 * {@code kafka.bootstrap-servers} (port 0: a free one), with its log under a data directory that survives restarts.
 * Single-node settings: internal topics with one replica, no initial rebalance delay, and a transaction maximum above
 * {@code kafka.transaction-timeout} so the exactly-once sink's transactions are accepted.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    /** The broker's default; raised only when the configured transaction timeout needs more. */
    private static final Duration BROKER_MAX_TRANSACTION_TIMEOUT = Duration.ofMinutes(15);
    /** Partitions of __consumer_offsets and __transaction_state: a few, not 50, on a laptop-sized broker. */
    private static final int INTERNAL_TOPIC_PARTITIONS = 4;

    private final KafkaConfig config;
    private final HostPort address;
    private final KafkaRaftServer server;

    private EmbeddedKafka(KafkaConfig config, HostPort address, KafkaRaftServer server) {
        this.config = config;
        this.address = address;
        this.server = server;
    }

    /** Formats {@code dataDir} on first use, then starts the broker; returns once it accepts clients. */
    public static EmbeddedKafka start(KafkaConfig config, Path dataDir) throws Exception {
        long started = System.nanoTime();
        HostPort address = HostPort.parse(config.bootstrapServers()).resolveFreePort();
        // Static voters, so the controller may get another port on the next start without touching the log.
        HostPort controller = new HostPort(address.host(), HostPort.freePort(address.host()));
        Path logDir = dataDir.toAbsolutePath();
        Files.createDirectories(logDir);
        Properties properties = serverProperties(config, address, controller, logDir);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(logDir, properties);
        }
        KafkaRaftServer server =
                new KafkaRaftServer(kafka.server.KafkaConfig.fromProps(properties, false), Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            server.shutdown();
            server.awaitShutdown();
            throw e;
        }
        LOG.info("Kafka broker listening on {} (data in {}), started in {} ms",
                address, logDir, Duration.ofNanos(System.nanoTime() - started).toMillis());
        return new EmbeddedKafka(config, address, server);
    }

    /** Where clients connect: {@code host:port}, with the actual port if 0 was asked for. */
    public String bootstrapServers() {
        return address.toString();
    }

    /**
     * Creates the requests, events, results and dead-letter topics with {@code kafka.partitions} partitions and
     * {@code kafka.replication-factor} replicas; topics that exist already are left as they are.
     */
    public void createTopics() throws InterruptedException {
        KafkaConfig.Topics topics = config.topics();
        List<NewTopic> wanted = new ArrayList<>();
        for (String name : List.of(topics.requests(), topics.events(), topics.results(), topics.deadLetters())) {
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
    public void close() {
        long started = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        LOG.info("Kafka broker on {} stopped in {} ms", address, Duration.ofNanos(System.nanoTime() - started).toMillis());
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

    /** Writes the storage's meta.properties and bootstrap snapshot, as {@code kafka-storage.sh format} does. */
    private static void format(Path logDir, Properties properties) throws IOException {
        String clusterId = Uuid.randomUuid().toString();
        Path propertiesFile = Files.createTempFile("reelflow-kafka-", ".properties"); // StorageTool reads a file
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            try (var writer = Files.newBufferedWriter(propertiesFile)) {
                properties.store(writer, null);
            }
            int exitCode = StorageTool.execute(
                    new String[] {"format", "--cluster-id", clusterId, "--config", propertiesFile.toString()}, out);
            if (exitCode != 0) {
                throw new IOException("exit code " + exitCode);
            }
        } catch (Exception e) {
            throw new IOException("cannot format Kafka storage in " + logDir + ": " + e.getMessage() + " "
                    + output.toString(StandardCharsets.UTF_8).trim(), e);
        } finally {
            Files.deleteIfExists(propertiesFile);
        }
        LOG.info("Formatted Kafka storage in {} (cluster {})", logDir, clusterId);
    }
}

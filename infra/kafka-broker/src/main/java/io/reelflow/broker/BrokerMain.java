package io.reelflow.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node KRaft broker for the local stack: {@code BrokerMain <server.properties>}. Formats the log directory
 * on first use, starts, prints {@code READY} on stdout, and shuts down cleanly when stdin closes (the parent process
 * ended or stopped it) or on SIGTERM, so a broker never outlives the stack that started it.
 */
public final class BrokerMain {

    private BrokerMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: BrokerMain <server.properties>");
            System.exit(2);
        }
        Path propertiesFile = Path.of(args[0]);
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(propertiesFile)) {
            properties.load(in);
        }
        Path logDir = Path.of(properties.getProperty("log.dirs"));
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(propertiesFile, logDir);
        }
        KafkaRaftServer server = new KafkaRaftServer(kafka.server.KafkaConfig.fromProps(properties, false), Time.SYSTEM);
        Thread stop = new Thread(() -> {
            server.shutdown();
            server.awaitShutdown();
        }, "broker-shutdown");
        Runtime.getRuntime().addShutdownHook(stop);
        server.startup();
        System.out.println("READY");
        System.out.flush();
        while (System.in.read() >= 0) {
            // The parent writes nothing; end of input means it is gone or wants the broker stopped.
        }
        System.exit(0); // runs the shutdown hook
    }

    private static void format(Path propertiesFile, Path logDir) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            int exitCode = StorageTool.execute(new String[] {
                "format", "--cluster-id", Uuid.randomUuid().toString(), "--config", propertiesFile.toString()}, out);
            if (exitCode != 0) {
                throw new IOException("cannot format Kafka storage in " + logDir + " (exit code " + exitCode + "): "
                        + output.toString(StandardCharsets.UTF_8).trim());
            }
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot format Kafka storage in " + logDir + ": " + e.getMessage() + " "
                    + output.toString(StandardCharsets.UTF_8).trim(), e);
        }
    }
}

package io.reelflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.BucketExistsArgs;
import io.minio.MinioClient;
import io.reelflow.config.ConfigLoader;
import io.reelflow.config.KafkaConfig;
import io.reelflow.config.ReelflowConfig;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.RecordComponent;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `reelflow up --servers-only` in its own JVM, as ./reelflow runs it: Kafka with every topic and S3 with every bucket
 * (the checkpoint bucket too) listen on the addresses it prints, no Flink runs beside them, and SIGTERM (what Ctrl-C's shutdown runs too) stops
 * both servers and the broker's JVM.
 */
class UpServersOnlyIT {

    private static final Pattern KAFKA = Pattern.compile("^\\s+Kafka\\s+(\\S+)\\s");
    private static final Pattern S3 = Pattern.compile("^\\s+S3\\s+(\\S+)\\s");

    @TempDir
    Path dataDir;

    @Test
    void servesKafkaAndS3WithoutAJobUntilStopped() throws Exception {
        int flinkRestPort = freePort();
        Path err = dataDir.resolve("cli.err");
        Process cli = CliJvm.start(dataDir, err, List.of("up", "--servers-only", "--set",
                "kafka.bootstrap-servers=127.0.0.1:0", "--set", "storage.endpoint=http://127.0.0.1:0",
                "--set", "local.data-dir=" + dataDir, "--set", "local.flink-rest-port=" + flinkRestPort));
        String kafka;
        String s3;
        List<Long> leftOver;
        try {
            List<String> printed = CompletableFuture.supplyAsync(() -> linesUntilReady(cli))
                    .get(2, TimeUnit.MINUTES);
            assertThat(printed).as("up --servers-only printed (stderr: %s)", Files.readString(err))
                    .contains("Press Ctrl-C to stop.");
            kafka = find(KAFKA, printed);
            s3 = find(S3, printed);

            ReelflowConfig config = ConfigLoader.builder()
                    .set("kafka.bootstrap-servers", kafka).set("storage.endpoint", s3).build();
            assertThat(topics(kafka)).containsAll(configuredTopics(config.kafka()));
            try (MinioClient client = Outputs.s3(config)) {
                // local.checkpoint-bucket: what `run --cluster` checkpoints into
                for (String bucket : List.of(config.storage().bucket(), config.storage().quarantineBucket(),
                        config.storage().inputBuckets().get(0), config.local().checkpointBucket())) {
                    assertThat(client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())).as(bucket).isTrue();
                }
            }
            assertThat(cli.descendants()).as("the broker's JVM").isNotEmpty();
            assertThat(listens("127.0.0.1", flinkRestPort)).as("a Flink web UI on local.flink-rest-port").isFalse();
            assertThat(cli.isAlive()).as("still serving").isTrue();
        } finally {
            leftOver = stop(cli);
        }

        assertThat(leftOver).as("processes still running 30 s after the CLI stopped").isEmpty();
        assertThat(Files.readString(err)).contains("stopping ...").doesNotContain("stopping failed");
        URI kafkaAddress = URI.create("kafka://" + kafka);
        URI s3Address = URI.create(s3);
        assertThat(listens(kafkaAddress.getHost(), kafkaAddress.getPort())).as("Kafka after stop").isFalse();
        assertThat(listens(s3Address.getHost(), s3Address.getPort())).as("S3 after stop").isFalse();
    }

    /** SIGTERM to the CLI (its shutdown hook stops the servers); returns the pids that outlive it, now killed. */
    private static List<Long> stop(Process cli) throws Exception {
        List<ProcessHandle> children = cli.descendants().toList();
        cli.destroy();
        if (!cli.waitFor(1, TimeUnit.MINUTES)) {
            cli.destroyForcibly();
        }
        List<Long> leftOver = new ArrayList<>();
        for (ProcessHandle child : children) {
            try {
                child.onExit().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                leftOver.add(child.pid());
                child.destroyForcibly();
            }
        }
        return leftOver;
    }

    /** Standard output up to the line that says it is ready, or all of it if the process ends first. */
    private static List<String> linesUntilReady(Process cli) {
        List<String> lines = new ArrayList<>();
        BufferedReader out = new BufferedReader(new InputStreamReader(cli.getInputStream(), StandardCharsets.UTF_8));
        try {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
                if (line.equals("Press Ctrl-C to stop.")) {
                    break;
                }
            }
        } catch (IOException e) {
            lines.add("reading stdout failed: " + e);
        }
        return lines;
    }

    private static String find(Pattern pattern, List<String> lines) {
        for (String line : lines) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new AssertionError(pattern + " in " + lines);
    }

    private static Set<String> topics(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> configuredTopics(KafkaConfig kafka) throws Exception {
        List<String> names = new ArrayList<>();
        for (RecordComponent component : KafkaConfig.Topics.class.getRecordComponents()) {
            names.add((String) component.getAccessor().invoke(kafka.topics()));
        }
        return names;
    }

    private static boolean listens(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

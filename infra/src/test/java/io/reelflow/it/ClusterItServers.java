package io.reelflow.it;

import io.reelflow.config.ConfigLoader;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.infra.local.LocalServers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** For the ITs that run a cluster through the CLI: the local servers on free ports, and the settings that use them. */
final class ClusterItServers {

    private ClusterItServers() {}

    /** Kafka and S3 on free ports, their data under {@code dataDir}. */
    static LocalServers start(Path dataDir) throws Exception {
        ReelflowConfig asked = ConfigLoader.builder()
                .set("kafka.bootstrap-servers", "127.0.0.1:0")
                .set("storage.endpoint", "http://127.0.0.1:0")
                .set("local.data-dir", dataDir.toString())
                .build();
        return LocalServers.start(asked, dataDir);
    }

    /**
     * {@code --set} pairs for `cluster up` and `run`: the data dir, Prometheus reporter ports (a range no other IT
     * uses, as ITs may run side by side), the servers' addresses, 1 s checkpoints, then {@code more} settings.
     */
    static List<String> settings(Path dataDir, ReelflowConfig servers, String prometheusPorts, String... more) {
        List<String> settings = new ArrayList<>(List.of(
                "--set", "local.data-dir=" + dataDir,
                "--set", "local.prometheus-ports=" + prometheusPorts,
                "--set", "kafka.bootstrap-servers=" + servers.kafka().bootstrapServers(),
                "--set", "storage.endpoint=" + servers.storage().endpoint(),
                "--set", "pipeline.checkpoint-interval=1s"));
        for (String setting : more) {
            settings.addAll(List.of("--set", setting));
        }
        return List.copyOf(settings);
    }
}

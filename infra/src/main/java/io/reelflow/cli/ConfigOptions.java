package io.reelflow.cli;

import io.reelflow.config.ConfigLoader;
import io.reelflow.config.ReelflowConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/** {@code --config} and {@code --set}, shared by every command. */
final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration over the defaults (see `reelflow config`).")
    Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one configuration key, e.g. --set kafka.bootstrap-servers=host:9092. Repeatable.")
    List<String> overrides = new ArrayList<>();

    ReelflowConfig load() {
        return ConfigLoader.builder().file(file).environment(System.getenv()).set(overrides).build();
    }

    /** Overrides for a throw-away local stack on free ports, so it runs beside anything else. */
    static final List<String> FREE_PORTS = List.of(
            "kafka.bootstrap-servers=127.0.0.1:0", "storage.endpoint=http://127.0.0.1:0", "local.flink-rest-port=0");

    /** The configuration with {@code more} overrides after this command's. */
    ReelflowConfig load(String... more) {
        List<String> all = new ArrayList<>(overrides);
        all.addAll(List.of(more));
        return ConfigLoader.builder().file(file).environment(System.getenv()).set(all).build();
    }

    /** The configuration of a throw-away local stack: this command's overrides, then free ports and {@code more}. */
    ReelflowConfig loadOnFreePorts(String... more) {
        return load(Stream.concat(FREE_PORTS.stream(), Stream.of(more)).toArray(String[]::new));
    }
}

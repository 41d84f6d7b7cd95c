package io.reelflow.cli;

import io.reelflow.config.ConfigLoader;
import io.reelflow.config.ReelflowConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    /** The configuration with {@code more} overrides after this command's. */
    ReelflowConfig load(String... more) {
        List<String> all = new ArrayList<>(overrides);
        all.addAll(List.of(more));
        return ConfigLoader.builder().file(file).environment(System.getenv()).set(all).build();
    }
}

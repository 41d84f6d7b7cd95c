package io.reelflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Prints the effective configuration, or the documented defaults. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Print the effective configuration (defaults, then --config, REELFLOW_* variables, --set).")
final class ConfigCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--defaults", description = "Print the documented defaults file instead.")
    boolean defaults;

    @Override
    public Integer call() throws IOException {
        if (defaults) {
            try (InputStream in = ConfigCommand.class.getResourceAsStream("/reelflow-defaults.yaml")) {
                System.out.print(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            return 0;
        }
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .findAndRegisterModules();
        System.out.print(yaml.writeValueAsString(config.load()));
        return 0;
    }
}

package io.reelflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Prints the effective configuration, or the documented defaults. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = {"Print the effective configuration, secrets masked.",
            "Layers: the documented defaults, then --config, REELFLOW_* variables, then --set."})
final class ConfigCommand implements Callable<Integer> {

    /** Never printed: they would end up in terminals, tickets and CI logs. */
    private static final List<String> SECRETS = List.of("/storage/secret-key", "/watermark/secret", "/provenance/signing-key");

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
        ObjectNode tree = yaml.valueToTree(config.load());
        for (String secret : SECRETS) {
            ObjectNode section = (ObjectNode) tree.at(secret.substring(0, secret.lastIndexOf('/')));
            section.put(secret.substring(secret.lastIndexOf('/') + 1), "******");
        }
        for (var tenant : tree.at("/tenants/known")) { // tenants' own watermark secrets
            if (tenant.hasNonNull("watermark-secret")) {
                ((ObjectNode) tenant).put("watermark-secret", "******");
            }
        }
        System.out.print(yaml.writeValueAsString(tree));
        return 0;
    }
}

package io.reelflow.operators.campaign.spec;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.model.ModelCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Parses specs against the documented defaults and the repository's model catalog (tests of other packages use it too). */
public final class Specs {

    public static final ReelflowConfig CONFIG = ReelflowConfig.defaults();
    public static final ModelCatalog CATALOG = new ModelCatalog(Path.of("../../models").toAbsolutePath().normalize().toString());
    public static final Path EXAMPLE = Path.of("../../examples/spring-launch.yaml");

    private Specs() {}

    public static ParsedSpec parse(Path file) {
        return CampaignSpecParser.parse(file, CONFIG, CATALOG);
    }

    /** Writes {@code yaml} as {@code dir/spec.yaml} and parses it. */
    public static ParsedSpec parse(Path dir, String yaml) {
        try {
            Path file = dir.resolve("spec.yaml");
            Files.writeString(file, yaml);
            return parse(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static CampaignDefinition campaign(Path dir, String yaml) {
        ParsedSpec parsed = parse(dir, yaml);
        return parsed.campaign().orElseThrow(() -> new AssertionError("spec has errors: " + parsed.problems()));
    }
}

package io.reelflow.infra.local;

import io.reelflow.config.ProvenanceConfig;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.provenance.SigningKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The local stack's provenance key pair: generated once under {@code local.data-dir/keys} and reused, so manifests
 * signed by earlier runs still verify. Only used when the configuration names no keys; production configures its own.
 */
public final class LocalKeys {

    private LocalKeys() {}

    /** Where the local pair lives: {@code local.data-dir/keys}. */
    public static Path dir(ReelflowConfig config) {
        return Path.of(config.local().dataDir()).resolve("keys");
    }

    /** {@code config} with the local pair filled in, unless it names keys. */
    public static ReelflowConfig ensure(ReelflowConfig config) throws IOException {
        ProvenanceConfig provenance = config.provenance();
        if (provenance.hasKeys()) {
            return config;
        }
        Path dir = dir(config);
        Path signing = SigningKeys.signingKeyFile(dir);
        Path publicKey = SigningKeys.publicKeyFile(dir);
        if (!Files.exists(signing) || !Files.exists(publicKey)) {
            SigningKeys.generate().writeTo(dir);
        }
        return config.withProvenance(
                provenance.withKeys(signing.toAbsolutePath().toString(), publicKey.toAbsolutePath().toString()));
    }
}

package io.reelflow.cli;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.infra.local.LocalKeys;
import io.reelflow.operators.provenance.ManifestVerifier;
import io.reelflow.operators.provenance.SigningKeys;
import io.reelflow.operators.provenance.Verification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Checks and makes provenance manifests' keys. */
@Command(name = "provenance", mixinStandardHelpOptions = true,
        description = "Verify a file's signed provenance manifest, or make a deployment's signing key pair.",
        subcommands = {ProvenanceCommand.Verify.class, ProvenanceCommand.Keygen.class})
final class ProvenanceCommand {

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Check the manifest embedded in FILE (PNG iTXt chunk or MP4 uuid box), or its sidecar: the "
                    + "Ed25519 signature, the hard binding (SHA-256 of the file without the manifest) and the key.",
                "Prints the verdict and the manifest. Exit 0: verified; 1: missing, invalid or untrusted."})
    static final class Verify implements Callable<Integer> {

        @Mixin
        ConfigOptions config;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The image or video to check.")
        Path file;

        @Option(names = "--manifest", paramLabel = "FILE",
                description = "The sidecar manifest ({name}.manifest.json), for files whose manifest is not embedded.")
        Path sidecar;

        @Option(names = "--trusted-key", paramLabel = "PEM", description = "A public key to trust (repeatable). "
                + "Default: provenance.public-key, else the local stack's key under local.data-dir/keys.")
        List<Path> trustedKeys = new ArrayList<>();

        @Override
        public Integer call() throws IOException {
            Verification verification = new ManifestVerifier(trusted()).verify(
                    Files.readAllBytes(file), sidecar == null ? null : Files.readAllBytes(sidecar));
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%s: %s%n", verification.status(), verification.message());
            if (verification.manifest() != null) {
                out.printf("manifest (%s):%n%s%n", verification.embedded() ? "embedded" : "sidecar",
                        verification.manifest().toPrettyJson());
            }
            return verification.verified() ? 0 : 1;
        }

        private List<PublicKey> trusted() throws IOException {
            List<PublicKey> keys = new ArrayList<>();
            for (Path key : trustedKeys) {
                keys.add(SigningKeys.publicKey(key.toString()));
            }
            if (keys.isEmpty()) {
                ReelflowConfig cfg = config.load();
                Path local = SigningKeys.publicKeyFile(LocalKeys.dir(cfg));
                if (!cfg.provenance().publicKey().isBlank()) {
                    keys.add(SigningKeys.publicKey(cfg.provenance().publicKey()));
                } else if (Files.exists(local)) {
                    keys.add(SigningKeys.publicKey(local.toString()));
                }
            }
            return keys;
        }
    }

    @Command(name = "keygen", mixinStandardHelpOptions = true,
            description = {"Make an Ed25519 key pair: DIR/signing-key.pem (PKCS#8, owner-only) and "
                    + "DIR/public-key.pem (X.509). Point provenance.signing-key and provenance.public-key at them, "
                    + "and publish the public key."})
    static final class Keygen implements Callable<Integer> {

        @Option(names = "--out", paramLabel = "DIR", required = true, description = "Where to write the pair.")
        Path out;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (Files.exists(SigningKeys.signingKeyFile(out))) {
                throw new IOException(SigningKeys.signingKeyFile(out) + " exists; not overwriting a signing key");
            }
            SigningKeys keys = SigningKeys.generate();
            keys.writeTo(out);
            spec.commandLine().getOut().printf("wrote %s and %s (fingerprint %s)%n", SigningKeys.signingKeyFile(out),
                    SigningKeys.publicKeyFile(out), SigningKeys.fingerprint(keys.publicKey()));
            return 0;
        }
    }
}

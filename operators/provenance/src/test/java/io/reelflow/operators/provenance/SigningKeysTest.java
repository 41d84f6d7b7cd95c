package io.reelflow.operators.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelflow.config.ProvenanceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {

    @TempDir
    Path dir;

    @Test
    void aWrittenPairLoadsFromFilesOrFromPemText() throws Exception {
        SigningKeys keys = SigningKeys.generate();
        keys.writeTo(dir);

        SigningKeys fromFiles = SigningKeys.load(new ProvenanceConfig(
                SigningKeys.signingKeyFile(dir).toString(), SigningKeys.publicKeyFile(dir).toString(), List.of()));
        // An environment variable may carry the PEM with its newlines folded into spaces.
        String folded = Files.readString(SigningKeys.signingKeyFile(dir)).replace('\n', ' ');
        SigningKeys fromText = SigningKeys.load(new ProvenanceConfig(folded, keys.publicPem(), List.of()));

        assertThat(fromFiles.publicKey()).isEqualTo(keys.publicKey());
        assertThat(fromText.privateKey().getEncoded()).isEqualTo(keys.privateKey().getEncoded());
        assertThat(Files.getPosixFilePermissions(SigningKeys.signingKeyFile(dir))).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void halvesOfDifferentPairsAreRefused() throws Exception {
        SigningKeys one = SigningKeys.generate();
        one.writeTo(dir);

        assertThatThrownBy(() -> SigningKeys.load(new ProvenanceConfig(
                SigningKeys.signingKeyFile(dir).toString(), SigningKeys.generate().publicPem(), List.of())))
                .hasMessageContaining("does not match");
    }

    @Test
    void missingKeysSayHowToMakeThem() {
        assertThatThrownBy(() -> SigningKeys.load(new ProvenanceConfig("", "", List.of())))
                .hasMessageContaining("provenance.signing-key").hasMessageContaining("keygen");
    }
}

package io.reelflow.operators.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.operators.provenance.Verification.Status;
import io.reelflow.pipeline.Encoded;
import io.reelflow.pipeline.EncodedFile;
import io.reelflow.schema.OutputRole;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestVerifierTest {

    private static final SigningKeys KEYS = SigningKeys.generate();
    private static final ManifestSigner SIGNER = ManifestSigner.builder().keys(KEYS).build();

    private final ManifestVerifier verifier = new ManifestVerifier(List.of(KEYS.publicKey()));

    @Test
    void aSignedPngAndMp4Verify() throws Exception {
        for (EncodedFile file : signed()) {
            Verification verification = verifier.verify(file.bytes(), null);

            assertThat(verification.status()).as(file.name()).isEqualTo(Status.VERIFIED);
            assertThat(verification.keyFingerprint()).isEqualTo(SigningKeys.fingerprint(KEYS.publicKey()));
            assertThat(verification.manifest().title()).isEqualTo(file.name());
        }
    }

    @Test
    void changingAnyByteOfTheFileFailsVerification() throws Exception {
        for (EncodedFile file : signed()) {
            byte[] bytes = file.bytes();
            for (int i = 0; i < bytes.length; i += Math.max(1, bytes.length / 400)) {
                byte[] tampered = bytes.clone();
                tampered[i] ^= 0x01;

                Verification verification = verifier.verify(tampered, null);
                assertThat(verification.status()).as("%s byte %d", file.name(), i)
                        .isIn(Status.INVALID, Status.MISSING);
                assertThat(verification.message()).isNotBlank();
            }
        }
    }

    @Test
    void eachKindOfDamageHasItsOwnReason() throws Exception {
        EncodedFile mp4 = signed().get(1);
        int manifestAt = TestAssets.mp4().length + 24;

        byte[] media = mp4.bytes().clone();
        media[20] ^= 1; // in mdat: the binding breaks, the signature still holds
        assertThat(verifier.verify(media, null).message()).startsWith("the file was modified after signing");

        String json = new String(mp4.bytes(), manifestAt, mp4.bytes().length - manifestAt, StandardCharsets.UTF_8);
        byte[] claim = mp4.bytes().clone();
        int title = manifestAt + json.indexOf("output.mp4");
        claim[title] = 'O'; // a changed claim: the signature breaks
        assertThat(verifier.verify(claim, null).message()).startsWith("the signature does not verify");

        byte[] notJson = mp4.bytes().clone();
        notJson[manifestAt] = '[';
        assertThat(verifier.verify(notJson, null).message()).startsWith("the manifest is not valid JSON");

        // Outside the signed claim, the same JSON in other bytes is still a change.
        byte[] reformatted = new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
                .writeValueAsBytes(new com.fasterxml.jackson.databind.ObjectMapper().readTree(mp4.manifest()));
        assertThat(verifier.verify(TestAssets.mp4(), reformatted).message()).contains("not in its canonical form");

        assertThat(verifier.verify(TestAssets.mp4(), null).status()).isEqualTo(Status.MISSING);
    }

    @Test
    void aManifestSignedByAnotherKeyIsIntactButUntrusted() throws Exception {
        EncodedFile file = signed().get(0);
        ManifestVerifier trustsSomeoneElse = new ManifestVerifier(List.of(SigningKeys.generate().publicKey()));

        Verification verification = trustsSomeoneElse.verify(file.bytes(), null);

        assertThat(verification.status()).isEqualTo(Status.UNTRUSTED_KEY);
        assertThat(verification.message()).contains(SigningKeys.fingerprint(KEYS.publicKey()));
    }

    @Test
    void aSidecarDoesNotVouchForAnotherFile() throws Exception {
        EncodedFile file = signed().get(0);

        Verification verification = verifier.verify(TestAssets.png(64, 47), file.manifest());

        assertThat(verification.status()).isEqualTo(Status.INVALID);
        assertThat(verification.embedded()).isFalse();
    }

    private static List<EncodedFile> signed() throws Exception {
        Encoded encoded = new Encoded(TestAssets.trace("demo"), List.of(
                new EncodedFile("output.png", OutputRole.PRIMARY, "image/png", TestAssets.png(64, 48), 64, 48, 1, 0),
                new EncodedFile("output.mp4", OutputRole.PRIMARY, "video/mp4", TestAssets.mp4(), 64, 48, 2, 0.1)));
        return SIGNER.sign(encoded).files();
    }
}

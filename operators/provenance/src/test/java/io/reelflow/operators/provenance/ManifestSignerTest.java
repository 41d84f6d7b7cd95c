package io.reelflow.operators.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelflow.pipeline.Encoded;
import io.reelflow.pipeline.EncodedFile;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestSignerTest {

    private static final SigningKeys KEYS = SigningKeys.generate();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

    private final ManifestVerifier verifier = new ManifestVerifier(List.of(KEYS.publicKey()));

    @Test
    void theClaimSaysWhatMadeTheAssetAndBindsItsBytes() throws Exception {
        Encoded image = TestAssets.image("demo");
        EncodedFile signed = signer(List.of()).sign(image).files().get(0);

        Manifest manifest = verifier.verify(signed.bytes(), null).manifest();
        assertThat(manifest.claimGenerator()).matches("Reelflow/\\d+\\.\\d+\\.\\d+.*");
        JsonNode action = manifest.assertion(Manifest.ACTIONS).orElseThrow().path("actions").get(0);
        assertThat(action.path("action").asText()).isEqualTo("c2pa.created");
        assertThat(action.path("digitalSourceType").asText()).endsWith("/digitalsourcetype/trainedAlgorithmicMedia");
        assertThat(action.path("when").asText()).isEqualTo("2026-11-25T12:00:00Z");
        assertThat(manifest.boundSha256()).contains(sha256(image.files().get(0).bytes()));
        assertThat(manifest.watermarkId()).contains("00112233aabbccdd");
        JsonNode generation = manifest.assertion(Manifest.GENERATION).orElseThrow();
        assertThat(generation.path("model").path("id").asText()).isEqualTo("reelflow-dit-xs");
        assertThat(generation.path("request_id").asText()).isEqualTo("req-1");
        assertThat(generation.path("prompt_sha256").asText()).isEqualTo(sha256(TestAssets.PROMPT.getBytes()));
        assertThat(generation.has("prompt")).isFalse();
        assertThat(new String(signed.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(TestAssets.PROMPT);
    }

    @Test
    void aTenantThatOptedInCarriesThePromptItself() throws Exception {
        EncodedFile signed = signer(List.of("acme")).sign(TestAssets.image("acme")).files().get(0);

        JsonNode generation = verifier.verify(signed.bytes(), null).manifest().assertion(Manifest.GENERATION)
                .orElseThrow();
        assertThat(generation.path("prompt").asText()).isEqualTo(TestAssets.PROMPT);
    }

    @Test
    void theSidecarIsTheEmbeddedManifest() throws Exception {
        EncodedFile signed = signer(List.of()).sign(TestAssets.image("demo")).files().get(0);

        Verification fromSidecar = verifier.verify(TestAssets.image("demo").files().get(0).bytes(), signed.manifest());
        assertThat(fromSidecar.status()).isEqualTo(Verification.Status.VERIFIED);
        assertThat(fromSidecar.embedded()).isFalse();
        assertThat(verifier.verify(signed.bytes(), null).embedded()).isTrue();
    }

    @Test
    void formatsWithoutAContainerGetTheSidecarOnly() throws Exception {
        byte[] webm = {0x1a, 0x45, (byte) 0xdf, (byte) 0xa3, 1, 2, 3, 4};
        Encoded encoded = new Encoded(TestAssets.trace("demo"), List.of(new EncodedFile(
                "clip.webm", io.reelflow.schema.OutputRole.PRIMARY, "video/webm", webm, 64, 48, 2, 0.1)));

        EncodedFile signed = signer(List.of()).sign(encoded).files().get(0);

        assertThat(signed.bytes()).isEqualTo(webm);
        assertThat(verifier.verify(webm, signed.manifest()).status()).isEqualTo(Verification.Status.VERIFIED);
    }

    private static ManifestSigner signer(List<String> promptTenants) {
        return ManifestSigner.builder().keys(KEYS).promptTenants(promptTenants).clock(CLOCK).build();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}

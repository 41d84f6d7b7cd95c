package io.reelflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.operators.provenance.ManifestSigner;
import io.reelflow.operators.provenance.SigningKeys;
import io.reelflow.pipeline.Encoded;
import io.reelflow.pipeline.EncodedFile;
import io.reelflow.pipeline.SourceRef;
import io.reelflow.pipeline.Trace;
import io.reelflow.schema.GenerationMode;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.OutputRole;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ProvenanceCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Path keys;
    private Path signed;

    @BeforeEach
    void signAPng() throws Exception {
        keys = dir.resolve("keys");
        assertThat(execute("provenance", "keygen", "--out", keys.toString())).as(err.toString()).isZero();
        SigningKeys pair = SigningKeys.load(new io.reelflow.config.ProvenanceConfig(
                SigningKeys.signingKeyFile(keys).toString(), SigningKeys.publicKeyFile(keys).toString(), List.of()));
        EncodedFile file = ManifestSigner.builder().keys(pair).build().sign(new Encoded(trace(), List.of(
                new EncodedFile("output.png", OutputRole.PRIMARY, "image/png", png(), 32, 24, 1, 0)))).files().get(0);
        signed = dir.resolve("output.png");
        Files.write(signed, file.bytes());
        out.getBuffer().setLength(0);
    }

    @Test
    void anIntactFileVerifiesAndItsManifestIsPrinted() {
        int exit = execute("provenance", "verify", signed.toString(), "--trusted-key", publicKey());

        assertThat(exit).as(out + " " + err).isZero();
        assertThat(out.toString()).startsWith("VERIFIED: signature valid, file intact")
                .contains("\"c2pa.created\"").contains("trainedAlgorithmicMedia").contains("00112233aabbccdd");
    }

    @Test
    void aTamperedFileFailsWithAClearMessage() throws Exception {
        byte[] bytes = Files.readAllBytes(signed);
        bytes[40] ^= 0x20; // inside IHDR/IDAT, not the manifest
        Path tampered = dir.resolve("tampered.png");
        Files.write(tampered, bytes);

        int exit = execute("provenance", "verify", tampered.toString(), "--trusted-key", publicKey());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).startsWith("INVALID: ").contains("damaged");
    }

    @Test
    void aKeyThatIsNotTrustedIsSaidSo() throws Exception {
        Path other = dir.resolve("other");
        execute("provenance", "keygen", "--out", other.toString());

        int exit = execute("provenance", "verify", signed.toString(), "--trusted-key",
                SigningKeys.publicKeyFile(other).toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains("UNTRUSTED_KEY: intact and correctly signed, but by key");
    }

    @Test
    void keygenNeverOverwritesASigningKey() {
        assertThat(execute("provenance", "keygen", "--out", keys.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("not overwriting");
    }

    private String publicKey() {
        return SigningKeys.publicKeyFile(keys).toString();
    }

    private int execute(String... args) {
        CommandLine cli = ReelflowCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static Trace trace() {
        GenerationRequest request = GenerationRequest.newBuilder().setRequestId("r1").setTenantId("demo")
                .setSubmittedAt(Instant.parse("2026-11-25T10:00:00Z")).setMode(GenerationMode.TEXT_TO_IMAGE)
                .setPrompt("a red bicycle").setWidth(32).setHeight(24).build();
        return Trace.accepted(request, new SourceRef("reelflow.requests", 0, 1), 0L).withWatermarkId("00112233aabbccdd");
    }

    private static byte[] png() throws Exception {
        BufferedImage image = new BufferedImage(32, 24, BufferedImage.TYPE_3BYTE_BGR);
        image.setRGB(3, 4, 0xff8800);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return bytes.toByteArray();
    }
}

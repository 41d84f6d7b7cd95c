package io.reelflow.operators.provenance.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelflow.operators.provenance.TestAssets;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngContainerTest {

    private static final byte[] MANIFEST = "{\"manifest\": \"ünïcode\"}".getBytes(StandardCharsets.UTF_8);
    private final PngContainer container = new PngContainer();

    @Test
    void takingTheManifestOutGivesBackTheOriginalBytes() throws IOException {
        byte[] png = TestAssets.png(40, 30);
        byte[] signed = container.embed(png, MANIFEST);

        assertThat(signed.length).isEqualTo(png.length + 12 + "reelflow-provenance".length() + 5 + MANIFEST.length);
        var extracted = container.extract(signed).orElseThrow();
        assertThat(extracted.manifest()).isEqualTo(MANIFEST);
        assertThat(extracted.withoutManifest()).isEqualTo(png);
        assertThat(container.extract(png)).isEmpty();
    }

    @Test
    void theSignedPngStillDecodesToTheSamePixels() throws IOException {
        byte[] png = TestAssets.png(40, 30);
        BufferedImage before = ImageIO.read(new ByteArrayInputStream(png));
        BufferedImage after = ImageIO.read(new ByteArrayInputStream(container.embed(png, MANIFEST)));

        assertThat(after.getRGB(0, 0, 40, 30, null, 0, 40)).isEqualTo(before.getRGB(0, 0, 40, 30, null, 0, 40));
    }

    @Test
    void aSecondManifestIsRefused() throws IOException {
        byte[] signed = container.embed(TestAssets.png(8, 8), MANIFEST);

        assertThatThrownBy(() -> container.embed(signed, MANIFEST)).hasMessageContaining("already holds");
    }

    @Test
    void aDamagedChunkIsReportedByItsCrc() throws IOException {
        byte[] signed = container.embed(TestAssets.png(8, 8), MANIFEST);
        signed[signed.length - 20] ^= 1; // inside the manifest chunk

        assertThatThrownBy(() -> container.extract(signed)).isInstanceOf(IOException.class)
                .hasMessageContaining("iTXt").hasMessageContaining("fails its CRC");
    }

    @Test
    void aTruncatedPngIsReported() throws IOException {
        byte[] png = TestAssets.png(8, 8);
        byte[] cut = java.util.Arrays.copyOf(png, png.length - 12);

        assertThatThrownBy(() -> container.extract(cut)).hasMessageContaining("without an IEND");
    }
}

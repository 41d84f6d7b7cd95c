package io.reelflow.operators.watermark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelflow.config.TenantsConfig;
import io.reelflow.pipeline.Clip;
import io.reelflow.pipeline.Overlay;
import io.reelflow.schema.MarkPosition;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogoTest {

    private static final int RED = 0xffe01010;

    @TempDir
    Path dir;

    @Test
    void aLogoIsScaledToTheMarkWidthKeepingItsAspectColoursAndTransparency() throws Exception {
        Logo logo = Logo.decode(png(200, 100));

        Overlay overlay = OverlayBuilder.builder().logo(logo).opacity(0.5).scale(0.2)
                .position(MarkPosition.TOP_LEFT).outputSize(1920, 1080).build();

        assertThat(overlay.width()).isEqualTo(384);
        assertThat(overlay.height()).isEqualTo(192);
        // Left half of the logo is opaque red, right half transparent; opacity halves alpha.
        assertThat(pixel(overlay, 10, 96)).containsExactly(0xe0, 0x10, 0x10, 128);
        assertThat(pixel(overlay, 380, 96)[3]).isZero();
        // At the boundary, colour stays red (alpha-weighted), only alpha falls off: no dark fringe.
        int[] edge = pixel(overlay, 191, 96);
        assertThat(edge[0]).isEqualTo(0xe0);
        assertThat(edge[3]).isBetween(1, 128);
    }

    @Test
    void aTenantsLogoBecomesItsDefaultMarkAndMovesInVideo() throws Exception {
        Path file = dir.resolve("acme.png");
        Files.write(file, png(120, 60));
        TenantsConfig tenants = TestClips.tenants(
                new TenantsConfig.VisibleMarkDefaults(null, file.toString(), MarkPosition.MOVING, 0.6, 0.15));
        ClipWatermarker engine = new ClipWatermarker(TestClips.watermarkConfig(), tenants);

        Clip clip = TestClips.clip(TestClips.request("acme", "r-logo", 1280, 720).build(), 144, 80, 16, 2);
        Overlay overlay = engine.mark(clip).clip().overlay();

        assertThat(overlay.width()).isEqualTo(192);
        assertThat(overlay.height()).isEqualTo(96);
        assertThat(overlay.placements()).hasSizeGreaterThan(1);
        assertThat(pixel(overlay, 5, 48)).containsExactly(0xe0, 0x10, 0x10, 153);
    }

    @Test
    void aMissingLogoOrTextWithALogoFailsAtStartUpNamingTheTenant() {
        TenantsConfig missing = TestClips.tenants(new TenantsConfig.VisibleMarkDefaults(
                null, dir.resolve("nope.png").toString(), MarkPosition.MOVING, 0.6, 0.15));
        TenantsConfig both = TestClips.tenants(new TenantsConfig.VisibleMarkDefaults(
                "ACME", "classpath:nope.png", MarkPosition.MOVING, 0.6, 0.15));

        assertThatThrownBy(() -> new ClipWatermarker(TestClips.watermarkConfig(), missing))
                .hasMessageContaining("nope.png");
        assertThatThrownBy(() -> new ClipWatermarker(TestClips.watermarkConfig(), both))
                .hasMessageContaining("tenant acme").hasMessageContaining("not both");
    }

    private static int[] pixel(Overlay overlay, int x, int y) {
        int i = (y * overlay.width() + x) * 4;
        byte[] p = overlay.rgba();
        return new int[] {p[i] & 0xFF, p[i + 1] & 0xFF, p[i + 2] & 0xFF, p[i + 3] & 0xFF};
    }

    /** Left half opaque red, right half fully transparent. */
    private static byte[] png(int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width / 2; x++) {
                image.setRGB(x, y, RED);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}

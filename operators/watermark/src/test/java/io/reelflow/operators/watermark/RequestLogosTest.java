package io.reelflow.operators.watermark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelflow.pipeline.ErrorCode;
import io.reelflow.schema.ResultStatus;
import java.awt.image.BufferedImage;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestLogosTest {

    private static final String IN = "s3://reelflow-inputs/acme/campaigns/spring/";

    @Test
    void decodesAPngWithItsTransparencyAndAJpegAndReadsEachUriOnce() throws Exception {
        BufferedImage half = new BufferedImage(40, 20, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 20; x++) {
                half.setRGB(x, y, LogoImages.RED);
            }
        }
        StoredObjects store = new StoredObjects(Map.of(
                IN + "logo.png", LogoImages.encode(half, "png"),
                IN + "logo.jpg", LogoImages.encode(rgb(LogoImages.checkerboard(30, 30, 10)), "jpg")));
        RequestLogos logos = new RequestLogos(store.reader());

        Logo png = logos.get(IN + "logo.png");
        assertThat(png.width()).isEqualTo(40);
        assertThat(png.rgba()[3] & 0xFF).isEqualTo(255);
        assertThat(png.rgba()[(20 * 40 - 1) * 4 + 3]).as("the right half stays transparent").isZero();
        assertThat(logos.get(IN + "logo.jpg").height()).isEqualTo(30);
        assertThat(logos.get(IN + "logo.png")).isSameAs(png);
        assertThat(store.reads()).hasValue(2);
    }

    @Test
    void theCacheKeepsAtMostItsBudgetOfPixelsDroppingTheLeastRecentlyUsed() throws Exception {
        Map<String, byte[]> objects = new HashMap<>();
        byte[] big = LogoImages.encode(LogoImages.checkerboard(2048, 2048, 256), "png"); // 16 MiB of pixels
        for (int i = 0; i < 6; i++) {
            objects.put(IN + "big-" + i + ".png", big);
        }
        StoredObjects store = new StoredObjects(objects);
        RequestLogos logos = new RequestLogos(store.reader());

        for (int i = 0; i < 6; i++) {
            logos.get(IN + "big-" + i + ".png");
        }
        assertThat(logos.cached()).isEqualTo(4);
        logos.get(IN + "big-5.png");
        assertThat(store.reads()).hasValue(6);
        logos.get(IN + "big-0.png");
        assertThat(store.reads()).as("the oldest was dropped").hasValue(7);
    }

    @Test
    void aLogoTheRequestGotWrongRejectsItWithTheReason() throws Exception {
        StoredObjects store = new StoredObjects(Map.of(
                IN + "text.png", "not an image at all".getBytes(),
                IN + "logo.gif", LogoImages.encode(LogoImages.checkerboard(8, 8, 2), "gif"),
                IN + "huge.png", LogoImages.encode(LogoImages.checkerboard(2049, 16, 8), "png"),
                IN + "cut.png", java.util.Arrays.copyOf(LogoImages.encode(LogoImages.checkerboard(64, 64, 8), "png"), 60),
                IN + "large.png", new byte[(int) RequestLogos.MAX_BYTES + 1]));
        RequestLogos logos = new RequestLogos(store.reader());

        assertRejected(logos, IN + "missing.png", ErrorCode.MISSING_INPUT_ASSET, "no such object");
        assertRejected(logos, IN + "text.png", ErrorCode.INVALID_FIELD, "is not a PNG or JPEG image");
        assertRejected(logos, IN + "logo.gif", ErrorCode.INVALID_FIELD, "is not a PNG or JPEG image");
        assertRejected(logos, IN + "huge.png", ErrorCode.OUT_OF_RANGE, "2049x16 is larger than 2048 on a side");
        assertRejected(logos, IN + "cut.png", ErrorCode.INVALID_FIELD, "cannot be decoded");
        assertRejected(logos, IN + "large.png", ErrorCode.OUT_OF_RANGE, "larger than the 4194304 bytes allowed");
    }

    @Test
    void aPngDeclaringAHugeImageIsRefusedFromItsHeaderBeforeAnyPixelIsAllocated() throws Exception {
        byte[] png = LogoImages.encode(LogoImages.checkerboard(16, 16, 4), "png");
        // IHDR's width and height (bytes 16-23): 100000 x 100000, 40 GB of pixels were it decoded.
        java.nio.ByteBuffer.wrap(png, 16, 8).putInt(100_000).putInt(100_000);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(png, 12, 17); // "IHDR" and its 13 bytes, so the header is valid
        java.nio.ByteBuffer.wrap(png, 29, 4).putInt((int) crc.getValue());
        RequestLogos logos = new RequestLogos(new StoredObjects(Map.of(IN + "bomb.png", png)).reader());

        assertRejected(logos, IN + "bomb.png", ErrorCode.OUT_OF_RANGE, "100000x100000 is larger than 2048");
    }

    @Test
    void aStoreThatKeepsFailingFailsTheRequestInsteadOfRejectingIt() {
        RequestLogos logos = new RequestLogos(new StoredObjects(Map.of()).reader());

        assertThatThrownBy(() -> logos.get(StoredObjects.FLAKY))
                .isInstanceOfSatisfying(RequestLogos.Unusable.class, e -> {
                    assertThat(e.status()).isEqualTo(ResultStatus.FAILED);
                    assertThat(e.rejection().code()).isEqualTo(ErrorCode.WATERMARK_FAILED);
                    assertThat(e.rejection().message()).contains("store unavailable");
                });
    }

    @Test
    void withoutAnObjectStoreEveryLogoIsRefusedWithAReason() {
        assertRejected(RequestLogos.none(), IN + "logo.png", ErrorCode.FORBIDDEN_INPUT_ASSET, "reads no stored objects");
    }

    private static void assertRejected(RequestLogos logos, String uri, ErrorCode code, String reason) {
        assertThatThrownBy(() -> logos.get(uri)).isInstanceOfSatisfying(RequestLogos.Unusable.class, e -> {
            assertThat(e.status()).isEqualTo(ResultStatus.REJECTED);
            assertThat(e.rejection().code()).isEqualTo(code);
            assertThat(e.rejection().message()).startsWith("visible_mark.logo_uri: ").contains(reason);
        });
    }

    private static BufferedImage rgb(BufferedImage argb) {
        BufferedImage rgb = new BufferedImage(argb.getWidth(), argb.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(argb, 0, 0, null);
        return rgb;
    }
}

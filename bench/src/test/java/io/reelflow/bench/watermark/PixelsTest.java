package io.reelflow.bench.watermark;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.pipeline.Frames;
import org.junit.jupiter.api.Test;

class PixelsTest {

    /** A frame whose red channel is the column and green the row, so a crop's position can be read back. */
    private static byte[] coordinates(int width, int height) {
        byte[] rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                rgb[(y * width + x) * 3] = (byte) x;
                rgb[(y * width + x) * 3 + 1] = (byte) y;
            }
        }
        return rgb;
    }

    @Test
    void cropKeepsNinetyPercentDiagonallyOppositeTheCutCorner() {
        byte[] rgb = coordinates(200, 100);
        assertThat(Pixels.croppedSize(200, 100)).containsExactly(180, 90);
        byte[] topLeftCut = Pixels.crop(rgb, 200, 100, 0);
        assertThat(topLeftCut[0]).isEqualTo((byte) 20);
        assertThat(topLeftCut[1]).isEqualTo((byte) 10);
        byte[] bottomRightCut = Pixels.crop(rgb, 200, 100, 3);
        assertThat(bottomRightCut[0]).isEqualTo((byte) 0);
        assertThat(bottomRightCut[bottomRightCut.length - 3]).isEqualTo((byte) 179);
        assertThat(bottomRightCut[bottomRightCut.length - 2]).isEqualTo((byte) 89);
    }

    @Test
    void cropSizesAreEvenForYuv420() {
        assertThat(Pixels.croppedSize(1080, 1920)).containsExactly(972, 1728);
        assertThat(Pixels.croppedSize(212, 120)).containsExactly(190, 108);
    }

    @Test
    void brightnessScalesAndClips() {
        byte[] out = Pixels.brightness(new byte[] {0, 100, (byte) 220}, 1.2);
        assertThat(out).containsExactly(0, 120, (byte) 255);
    }

    @Test
    void halvingAndRestoringKeepsTheSizeAndFlatAreas() {
        byte[] flat = new byte[64 * 36 * 3];
        java.util.Arrays.fill(flat, (byte) 77);
        byte[] out = Pixels.halveAndRestore(flat, 64, 36);
        assertThat(out).hasSize(flat.length).containsOnly(77);
    }

    @Test
    void aJpegAtQualityFiftyComesBackCloseButNotExact() throws Exception {
        byte[] rgb = coordinates(64, 48);
        Frames back = Pixels.decodeJpeg(Pixels.jpeg(rgb, 64, 48, 0.5f));
        assertThat(back.width()).isEqualTo(64);
        assertThat(back.height()).isEqualTo(48);
        double sum = 0;
        for (int i = 0; i < rgb.length; i++) {
            sum += Math.abs((rgb[i] & 0xFF) - (back.rgb()[i] & 0xFF));
        }
        assertThat(sum / rgb.length).isBetween(0.1, 8.0);
    }
}

package io.reelflow.operators.encode.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.pipeline.Overlay;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverlayCompositorTest {

    private static final int SPRITE_W = 15;
    private static final int SPRITE_H = 9;

    @Test
    void lumaCompositedInYuvEqualsCompositingInRgbThenConverting() {
        int w = 40;
        int h = 30;
        byte[] background = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int o = (y * w + x) * 3;
                background[o] = (byte) (x * 6);
                background[o + 1] = (byte) (y * 8);
                background[o + 2] = (byte) (255 - x * 3);
            }
        }
        // Placed at odd coordinates and running off the right edge.
        OverlayCompositor overlay = OverlayCompositor.of(noisySprite(31, 7));

        byte[] composited = background.clone();
        overlay.drawRgb(composited, w, h, 0);
        byte[] expected = toYuv(composited, w, h);
        byte[] before = toYuv(background, w, h);
        byte[] actual = before.clone();
        overlay.drawYuv420(ByteBuffer.wrap(actual), w, h, 0);

        int changed = 0;
        for (int i = 0; i < w * h; i++) {
            assertThat(Math.abs((actual[i] & 0xff) - (expected[i] & 0xff))).as("luma %d", i).isLessThanOrEqualTo(1);
            changed += actual[i] != before[i] ? 1 : 0;
        }
        assertThat(changed).isGreaterThan(50);
    }

    @Test
    void eachChromaSampleIsTheMeanOfItsCompositedPixels() {
        int w = 40;
        int h = 29; // odd: the last chroma row covers one pixel row
        byte[] background = new byte[w * h * 3];
        for (int i = 0; i < background.length; i += 3) {
            background[i] = 40;
            background[i + 1] = (byte) 160;
            background[i + 2] = 90;
        }
        OverlayCompositor overlay = OverlayCompositor.of(noisySprite(31, 22));
        byte[] composited = background.clone();
        overlay.drawRgb(composited, w, h, 0);
        byte[] yuv = toYuv(background, w, h);

        overlay.drawYuv420(ByteBuffer.wrap(yuv), w, h, 0);

        YuvLayout layout = new YuvLayout(w, h);
        for (int cy = 0; cy < layout.chromaHeight(); cy++) {
            for (int cx = 0; cx < layout.chromaWidth(); cx++) {
                double[] mean = meanChroma(composited, w, h, cx, cy);
                int u = yuv[layout.uOffset() + cy * layout.chromaWidth() + cx] & 0xff;
                int v = yuv[layout.vOffset() + cy * layout.chromaWidth() + cx] & 0xff;
                assertThat(Math.abs(u - mean[0])).as("U at %d,%d", cx, cy).isLessThanOrEqualTo(1.5);
                assertThat(Math.abs(v - mean[1])).as("V at %d,%d", cx, cy).isLessThanOrEqualTo(1.5);
            }
        }
    }

    @Test
    void nullOverlayDrawsNothing() {
        byte[] rgb = new byte[12];
        OverlayCompositor.of(null).drawRgb(rgb, 2, 2, 0);
        assertThat(rgb).containsOnly(0);
    }

    /** BT.709 limited-range Cb, Cr averaged over the in-frame pixels of chroma block (cx, cy). */
    private static double[] meanChroma(byte[] rgb, int w, int h, int cx, int cy) {
        double cb = 0;
        double cr = 0;
        int n = 0;
        for (int y = 2 * cy; y < Math.min(h, 2 * cy + 2); y++) {
            for (int x = 2 * cx; x < Math.min(w, 2 * cx + 2); x++) {
                int o = (y * w + x) * 3;
                double r = (rgb[o] & 0xff) / 255.0;
                double g = (rgb[o + 1] & 0xff) / 255.0;
                double b = (rgb[o + 2] & 0xff) / 255.0;
                double luma = 0.2126 * r + 0.7152 * g + 0.0722 * b;
                cb += 128 + 224 * (b - luma) / 1.8556;
                cr += 128 + 224 * (r - luma) / 1.5748;
                n++;
            }
        }
        return new double[] {cb / n, cr / n};
    }

    /** Varying colour and alpha, with fully transparent pixels sprinkled in. */
    private static Overlay noisySprite(int x, int y) {
        byte[] rgba = new byte[SPRITE_W * SPRITE_H * 4];
        for (int i = 0; i < SPRITE_W * SPRITE_H; i++) {
            rgba[4 * i] = (byte) (i * 7);
            rgba[4 * i + 1] = (byte) (255 - i);
            rgba[4 * i + 2] = (byte) (i * 13);
            rgba[4 * i + 3] = (byte) (i % 4 == 0 ? 0 : i * 29);
        }
        return new Overlay(SPRITE_W, SPRITE_H, rgba, List.of(new Overlay.Placement(0, x, y)));
    }

    private static byte[] toYuv(byte[] rgb, int w, int h) {
        try (FrameScaler scaler = FrameScaler.toYuv420(w, h, w, h)) {
            scaler.scale(rgb, 0);
            return scaler.outputBytes();
        }
    }
}

package io.reelflow.operators.encode.internal;

import io.reelflow.pipeline.Overlay;
import java.nio.ByteBuffer;

/**
 * Draws an {@link Overlay} (straight-alpha RGBA sprite) over output frames, at the placement in effect at a given time,
 * clipped to the frame. Video frames are composited directly in YUV 4:2:0: alpha blending commutes with the affine
 * RGB-to-YUV transform, and each chroma sample gets the average of its four composited pixels, so the result equals
 * compositing in RGB before conversion without converting the whole frame.
 */
public final class OverlayCompositor {

    private static final OverlayCompositor NONE = new OverlayCompositor(null);

    private final Overlay overlay;
    private final int[] alpha;
    private final int[] luma;
    private final int[] blueDiff;
    private final int[] redDiff;

    private OverlayCompositor(Overlay overlay) {
        this.overlay = overlay;
        int pixels = overlay == null ? 0 : overlay.width() * overlay.height();
        alpha = new int[pixels];
        luma = new int[pixels];
        blueDiff = new int[pixels];
        redDiff = new int[pixels];
        for (int i = 0; i < pixels; i++) {
            byte[] rgba = overlay.rgba();
            int r = rgba[4 * i] & 0xff;
            int g = rgba[4 * i + 1] & 0xff;
            int b = rgba[4 * i + 2] & 0xff;
            alpha[i] = rgba[4 * i + 3] & 0xff;
            // BT.709, limited range: the matrix FrameScaler gives swscale.
            double y = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255.0;
            luma[i] = (int) Math.round(16 + 219 * y);
            blueDiff[i] = (int) Math.round(128 + 224 * (b / 255.0 - y) / 1.8556);
            redDiff[i] = (int) Math.round(128 + 224 * (r / 255.0 - y) / 1.5748);
        }
    }

    /** A compositor for {@code overlay}, or one that draws nothing if it is null. */
    public static OverlayCompositor of(Overlay overlay) {
        if (overlay == null) {
            return NONE;
        }
        if (overlay.width() <= 0 || overlay.height() <= 0
                || overlay.rgba() == null || overlay.rgba().length != overlay.width() * overlay.height() * 4
                || overlay.placements() == null || overlay.placements().isEmpty()) {
            throw new IllegalArgumentException("malformed overlay: " + overlay.width() + "x" + overlay.height()
                    + " sprite needs " + overlay.width() * overlay.height() * 4 + " RGBA bytes and a placement");
        }
        return new OverlayCompositor(overlay);
    }

    /** Composites over an RGB24 frame. */
    public void drawRgb(byte[] rgb, int width, int height, double seconds) {
        if (overlay == null) {
            return;
        }
        Overlay.Placement at = overlay.at(seconds);
        for (int sy = Math.max(0, -at.y()); sy < overlay.height() && at.y() + sy < height; sy++) {
            for (int sx = Math.max(0, -at.x()); sx < overlay.width() && at.x() + sx < width; sx++) {
                int s = sy * overlay.width() + sx;
                int a = alpha[s];
                if (a == 0) {
                    continue;
                }
                int d = ((at.y() + sy) * width + at.x() + sx) * 3;
                for (int c = 0; c < 3; c++) {
                    rgb[d + c] = (byte) over(overlay.rgba()[4 * s + c] & 0xff, rgb[d + c] & 0xff, a);
                }
            }
        }
    }

    /** Composites over a YUV 4:2:0 frame laid out as {@link YuvLayout}. */
    public void drawYuv420(ByteBuffer yuv, int width, int height, double seconds) {
        if (overlay == null) {
            return;
        }
        Overlay.Placement at = overlay.at(seconds);
        for (int sy = Math.max(0, -at.y()); sy < overlay.height() && at.y() + sy < height; sy++) {
            for (int sx = Math.max(0, -at.x()); sx < overlay.width() && at.x() + sx < width; sx++) {
                int s = sy * overlay.width() + sx;
                if (alpha[s] != 0) {
                    int d = (at.y() + sy) * width + at.x() + sx;
                    yuv.put(d, (byte) over(luma[s], yuv.get(d) & 0xff, alpha[s]));
                }
            }
        }
        YuvLayout layout = new YuvLayout(width, height);
        int firstRow = Math.max(0, at.y()) / 2;
        int lastRow = Math.min(layout.chromaHeight() - 1, Math.floorDiv(at.y() + overlay.height() - 1, 2));
        int firstColumn = Math.max(0, at.x()) / 2;
        int lastColumn = Math.min(layout.chromaWidth() - 1, Math.floorDiv(at.x() + overlay.width() - 1, 2));
        for (int cy = firstRow; cy <= lastRow; cy++) {
            for (int cx = firstColumn; cx <= lastColumn; cx++) {
                drawChroma(yuv, layout, at, cx, cy);
            }
        }
    }

    /** One chroma sample: the mean of its (up to) four pixels, each composited with its own alpha. */
    private void drawChroma(ByteBuffer yuv, YuvLayout layout, Overlay.Placement at, int cx, int cy) {
        int pixels = 0;
        int alphaSum = 0;
        int blueSum = 0;
        int redSum = 0;
        for (int py = 2 * cy; py < Math.min(2 * cy + 2, layout.height()); py++) {
            for (int px = 2 * cx; px < Math.min(2 * cx + 2, layout.width()); px++) {
                pixels++;
                int sx = px - at.x();
                int sy = py - at.y();
                if (sx >= 0 && sy >= 0 && sx < overlay.width() && sy < overlay.height()) {
                    int s = sy * overlay.width() + sx;
                    alphaSum += alpha[s];
                    blueSum += alpha[s] * blueDiff[s];
                    redSum += alpha[s] * redDiff[s];
                }
            }
        }
        if (alphaSum == 0) {
            return;
        }
        int full = pixels * 255;
        int u = layout.uOffset() + cy * layout.chromaWidth() + cx;
        int v = layout.vOffset() + cy * layout.chromaWidth() + cx;
        yuv.put(u, (byte) ((blueSum + (full - alphaSum) * (yuv.get(u) & 0xff) + full / 2) / full));
        yuv.put(v, (byte) ((redSum + (full - alphaSum) * (yuv.get(v) & 0xff) + full / 2) / full));
    }

    private static int over(int sprite, int background, int alpha) {
        return (sprite * alpha + background * (255 - alpha) + 127) / 255;
    }
}

package io.reelflow.operators.encode;

/** Reference image maths for tests, independent of FFmpeg: a bicubic resize and PSNR. */
public final class Pictures {

    private Pictures() {}

    /** PSNR in dB between two RGB24 frames of the same size. */
    public static double psnr(byte[] a, int aOffset, byte[] b, int bOffset, int length) {
        double sum = 0;
        for (int i = 0; i < length; i++) {
            int d = (a[aOffset + i] & 0xff) - (b[bOffset + i] & 0xff);
            sum += d * d;
        }
        double mse = sum / length;
        return mse == 0 ? 99.0 : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    /** RGB at (x, y) of frame {@code index}, as {r, g, b}. */
    public static int[] pixel(byte[] rgb, int width, int height, int index, int x, int y) {
        int o = ((index * height + y) * width + x) * 3;
        return new int[] {rgb[o] & 0xff, rgb[o + 1] & 0xff, rgb[o + 2] & 0xff};
    }

    /** Catmull-Rom bicubic resize of one RGB24 frame, pixel centres aligned, edges clamped. */
    public static byte[] bicubic(byte[] rgb, int offset, int width, int height, int toWidth, int toHeight) {
        double[] rows = new double[height * toWidth * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < toWidth; x++) {
                double sx = (x + 0.5) * width / toWidth - 0.5;
                int x0 = (int) Math.floor(sx);
                for (int c = 0; c < 3; c++) {
                    double v = 0;
                    for (int k = -1; k <= 2; k++) {
                        int xi = Math.max(0, Math.min(width - 1, x0 + k));
                        v += weight(sx - (x0 + k)) * (rgb[offset + (y * width + xi) * 3 + c] & 0xff);
                    }
                    rows[(y * toWidth + x) * 3 + c] = v;
                }
            }
        }
        byte[] out = new byte[toWidth * toHeight * 3];
        for (int y = 0; y < toHeight; y++) {
            double sy = (y + 0.5) * height / toHeight - 0.5;
            int y0 = (int) Math.floor(sy);
            for (int x = 0; x < toWidth; x++) {
                for (int c = 0; c < 3; c++) {
                    double v = 0;
                    for (int k = -1; k <= 2; k++) {
                        int yi = Math.max(0, Math.min(height - 1, y0 + k));
                        v += weight(sy - (y0 + k)) * rows[(yi * toWidth + x) * 3 + c];
                    }
                    out[(y * toWidth + x) * 3 + c] = (byte) Math.max(0, Math.min(255, Math.round(v)));
                }
            }
        }
        return out;
    }

    /** Box-filter downscale by an integer factor. */
    public static byte[] boxDown(byte[] rgb, int width, int height, int factor) {
        int w = width / factor;
        int h = height / factor;
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    int sum = 0;
                    for (int dy = 0; dy < factor; dy++) {
                        for (int dx = 0; dx < factor; dx++) {
                            sum += rgb[((y * factor + dy) * width + x * factor + dx) * 3 + c] & 0xff;
                        }
                    }
                    out[(y * w + x) * 3 + c] = (byte) Math.round((double) sum / (factor * factor));
                }
            }
        }
        return out;
    }

    private static double weight(double t) {
        double a = Math.abs(t);
        if (a < 1) {
            return 1.5 * a * a * a - 2.5 * a * a + 1;
        }
        if (a < 2) {
            return -0.5 * a * a * a + 2.5 * a * a - 4 * a + 2;
        }
        return 0;
    }
}

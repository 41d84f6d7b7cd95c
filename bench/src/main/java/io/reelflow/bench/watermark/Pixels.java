package io.reelflow.bench.watermark;

import io.reelflow.pipeline.FrameScaler;
import io.reelflow.pipeline.Frames;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Pixel attacks on one packed RGB frame; each returns a new array and leaves its input alone. */
final class Pixels {

    /** Share of each side cut away by the crop attack. */
    static final double CROP = 0.10;

    private Pixels() {}

    /** Width and height kept by the crop: 90 % of each side, even (YUV 4:2:0 needs even sizes). */
    static int[] croppedSize(int width, int height) {
        return new int[] {(int) Math.round(width * (1 - CROP)) & ~1, (int) Math.round(height * (1 - CROP)) & ~1};
    }

    /**
     * Cuts 10 % of each side away at one corner ({@code corner} 0-3: top-left, top-right, bottom-left, bottom-right),
     * keeping the part of the frame diagonally opposite it.
     */
    static byte[] crop(byte[] rgb, int width, int height, int corner) {
        int[] kept = croppedSize(width, height);
        int x0 = (corner & 1) == 0 ? width - kept[0] : 0;
        int y0 = (corner & 2) == 0 ? height - kept[1] : 0;
        byte[] out = new byte[kept[0] * kept[1] * 3];
        for (int y = 0; y < kept[1]; y++) {
            System.arraycopy(rgb, ((y0 + y) * width + x0) * 3, out, y * kept[0] * 3, kept[0] * 3);
        }
        return out;
    }

    /** Every channel times {@code factor}, clipped: brightness +-20 % as image libraries' brightness enhancers do. */
    static byte[] brightness(byte[] rgb, double factor) {
        byte[] lut = new byte[256];
        for (int v = 0; v < 256; v++) {
            lut[v] = (byte) Math.min(255, Math.round(v * factor));
        }
        byte[] out = new byte[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            out[i] = lut[rgb[i] & 0xFF];
        }
        return out;
    }

    /**
     * Down to half size by averaging 2x2 blocks (what any area or bilinear scaler does at exactly 50 %), then back
     * to the original size by linear interpolation (the platform's own scaler).
     */
    static byte[] halveAndRestore(byte[] rgb, int width, int height) {
        int halfWidth = width / 2;
        int halfHeight = height / 2;
        byte[] half = new byte[halfWidth * halfHeight * 3];
        for (int y = 0; y < halfHeight; y++) {
            for (int x = 0; x < halfWidth; x++) {
                for (int ch = 0; ch < 3; ch++) {
                    int a = ((2 * y) * width + 2 * x) * 3 + ch;
                    int b = a + width * 3;
                    int sum = (rgb[a] & 0xFF) + (rgb[a + 3] & 0xFF) + (rgb[b] & 0xFF) + (rgb[b + 3] & 0xFF);
                    half[(y * halfWidth + x) * 3 + ch] = (byte) ((sum + 2) / 4);
                }
            }
        }
        return FrameScaler.resize(new Frames(halfWidth, halfHeight, 1, half), width, height).rgb();
    }

    /** A baseline JPEG at ImageIO {@code quality} (0.5: libjpeg's quality 50), 4:2:0 chroma. */
    static byte[] jpeg(byte[] rgb, int width, int height, float quality) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < rgb.length; i += 3) {
            bgr[i] = rgb[i + 2];
            bgr[i + 1] = rgb[i + 1];
            bgr[i + 2] = rgb[i];
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** A JPEG decoded to packed RGB. */
    static Frames decodeJpeg(byte[] jpeg) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        int width = image.getWidth();
        int height = image.getHeight();
        byte[] rgb = new byte[width * height * 3];
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int x = 0; x < width; x++) {
                int p = row[x];
                int i = (y * width + x) * 3;
                rgb[i] = (byte) (p >> 16);
                rgb[i + 1] = (byte) (p >> 8);
                rgb[i + 2] = (byte) p;
            }
        }
        return new Frames(width, height, 1, rgb);
    }
}

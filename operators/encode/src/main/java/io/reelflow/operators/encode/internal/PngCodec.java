package io.reelflow.operators.encode.internal;

import io.reelflow.pipeline.Frames;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * PNG through the JDK's ImageIO: lossless, no native code, and its metadata tree can carry iTXt chunks (where a
 * provenance manifest goes). Streams are memory-cached explicitly; ImageIO's default cache writes temporary files.
 */
public final class PngCodec {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private PngCodec() {}

    public static boolean isPng(byte[] bytes) {
        if (bytes.length < SIGNATURE.length) {
            return false;
        }
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (bytes[i] != SIGNATURE[i]) {
                return false;
            }
        }
        return true;
    }

    /** Encodes an RGB24 image. */
    public static byte[] encode(byte[] rgb, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < bgr.length; i += 3) {
            bgr[i] = rgb[i + 2];
            bgr[i + 1] = rgb[i + 1];
            bgr[i + 2] = rgb[i];
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(width * height);
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            // Text chunks (iTXt) would go into this image's metadata: writer.getDefaultImageMetadata(...).
            writer.write(new IIOImage(image, null, null));
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** Width and height from the header, without decoding pixels. */
    public static int[] size(byte[] png) throws IOException {
        ImageReader reader = reader();
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(png))) {
            reader.setInput(in, true, true);
            return new int[] {reader.getWidth(0), reader.getHeight(0)};
        } finally {
            reader.dispose();
        }
    }

    /** Decodes any PNG (palette, grey, alpha, 16-bit) to one RGB24 frame; alpha is dropped. */
    public static Frames decode(byte[] png) throws IOException {
        BufferedImage image;
        ImageReader reader = reader();
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(png))) {
            reader.setInput(in, true, true);
            image = reader.read(0);
        } finally {
            reader.dispose();
        }
        int width = image.getWidth();
        int height = image.getHeight();
        byte[] rgb = new byte[width * height * 3];
        Raster raster = image.getRaster();
        boolean plainRgb = image.getColorModel() instanceof ComponentColorModel
                && image.getColorModel().getColorSpace().isCS_sRGB()
                && raster.getNumBands() == 3
                && raster.getDataBuffer().getDataType() == DataBuffer.TYPE_BYTE;
        int[] row = new int[width * 3];
        for (int y = 0; y < height; y++) {
            if (plainRgb) {
                raster.getPixels(0, y, width, 1, row); // samples in band order: R, G, B
                for (int i = 0; i < row.length; i++) {
                    rgb[y * width * 3 + i] = (byte) row[i];
                }
            } else {
                image.getRGB(0, y, width, 1, row, 0, width);
                for (int x = 0; x < width; x++) {
                    int o = (y * width + x) * 3;
                    rgb[o] = (byte) (row[x] >> 16);
                    rgb[o + 1] = (byte) (row[x] >> 8);
                    rgb[o + 2] = (byte) row[x];
                }
            }
        }
        return new Frames(width, height, 1, rgb);
    }

    private static ImageReader reader() throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("png");
        if (!readers.hasNext()) {
            throw new IOException("no PNG reader in this JDK");
        }
        return readers.next();
    }
}

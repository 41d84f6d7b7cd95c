package io.reelflow.cli;

import io.reelflow.pipeline.Frames;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * A PNG or JPEG as one frame of 8-bit RGB, plus its alpha if it has one, read and written with the JDK's ImageIO.
 * Alpha is kept so that marking a transparent PNG leaves it transparent; metadata (EXIF, ICC profiles) is not.
 *
 * @param alpha one byte per pixel, or null for an opaque image
 */
record StillImage(Frames frames, byte[] alpha) {

    /** JPEG quality of marked images: high enough that re-saving keeps the picture and the mark. */
    static final float JPEG_QUALITY = 0.95f;

    static StillImage read(Path file) throws IOException {
        BufferedImage image;
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new IOException(file + " is not an image the JDK can read");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                image = reader.read(0);
            } finally {
                reader.dispose();
            }
        }
        int width = image.getWidth();
        int height = image.getHeight();
        byte[] rgb = new byte[width * height * 3];
        byte[] alpha = image.getColorModel().hasAlpha() ? new byte[width * height] : null;
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, row, 0, width); // any colour model, as 8-bit sRGB ARGB
            for (int x = 0; x < width; x++) {
                int p = y * width + x;
                rgb[p * 3] = (byte) (row[x] >> 16);
                rgb[p * 3 + 1] = (byte) (row[x] >> 8);
                rgb[p * 3 + 2] = (byte) row[x];
                if (alpha != null) {
                    alpha[p] = (byte) (row[x] >>> 24);
                }
            }
        }
        return new StillImage(new Frames(width, height, 1, rgb), alpha);
    }

    /** Writes a PNG (with alpha, if any) or a JPEG at {@link #JPEG_QUALITY} (alpha dropped). */
    void write(Path file, boolean jpeg) throws IOException {
        int width = frames.width();
        int height = frames.height();
        boolean withAlpha = alpha != null && !jpeg;
        BufferedImage image = new BufferedImage(width, height,
                withAlpha ? BufferedImage.TYPE_4BYTE_ABGR : BufferedImage.TYPE_3BYTE_BGR);
        byte[] target = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        int stride = withAlpha ? 4 : 3;
        int colour = withAlpha ? 1 : 0;
        byte[] rgb = frames.rgb();
        for (int p = 0; p < width * height; p++) {
            if (withAlpha) {
                target[p * 4] = alpha[p];
            }
            target[p * stride + colour] = rgb[p * 3 + 2];
            target[p * stride + colour + 1] = rgb[p * 3 + 1];
            target[p * stride + colour + 2] = rgb[p * 3];
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName(jpeg ? "jpeg" : "png").next();
        try (OutputStream bytes = Files.newOutputStream(file);
                ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (jpeg) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(JPEG_QUALITY);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}

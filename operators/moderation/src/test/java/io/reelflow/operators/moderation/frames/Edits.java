package io.reelflow.operators.moderation.frames;

import io.reelflow.operators.encode.MediaReader;
import io.reelflow.pipeline.Frames;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * What happens to a picture on its way back in: re-encoding (written by the JDK's ImageIO as another tool would, read
 * back by the encode module's MediaReader, FFmpeg for JPEG), resizing with Java 2D's bicubic filter, cropping.
 */
final class Edits {

    private Edits() {}

    static Frames jpeg(Frames image, float quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(toImage(image), null, null), param);
        } finally {
            writer.dispose();
        }
        return MediaReader.read(bytes.toByteArray()).frames();
    }

    static Frames png(Frames image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(toImage(image), "png", bytes);
        return MediaReader.read(bytes.toByteArray()).frames();
    }

    static Frames resize(Frames image, double factor) {
        int width = Math.max(1, (int) Math.round(image.width() * factor));
        int height = Math.max(1, (int) Math.round(image.height() * factor));
        BufferedImage resized = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = resized.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(toImage(image), 0, 0, width, height, null);
        g.dispose();
        return fromImage(resized);
    }

    /** Keeps {@code 1 - share} of each axis, cut from the top-left corner: the picture shifts and grows a little. */
    static Frames cropCorner(Frames image, double share) {
        int x0 = (int) Math.round(image.width() * share);
        int y0 = (int) Math.round(image.height() * share);
        return crop(image, x0, y0, image.width() - x0, image.height() - y0);
    }

    static Frames crop(Frames image, int x0, int y0, int width, int height) {
        byte[] rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            System.arraycopy(image.rgb(), ((y0 + y) * image.width() + x0) * 3, rgb, y * width * 3, width * 3);
        }
        return new Frames(width, height, 1, rgb);
    }

    private static BufferedImage toImage(Frames image) {
        BufferedImage out = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        byte[] rgb = image.rgb();
        for (int i = 0; i < bgr.length; i += 3) {
            bgr[i] = rgb[i + 2];
            bgr[i + 1] = rgb[i + 1];
            bgr[i + 2] = rgb[i];
        }
        return out;
    }

    private static Frames fromImage(BufferedImage image) {
        byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        byte[] rgb = new byte[bgr.length];
        for (int i = 0; i < bgr.length; i += 3) {
            rgb[i] = bgr[i + 2];
            rgb[i + 1] = bgr[i + 1];
            rgb[i + 2] = bgr[i];
        }
        return new Frames(image.getWidth(), image.getHeight(), 1, rgb);
    }
}

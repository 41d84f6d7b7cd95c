package io.reelflow.pipeline;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The bounds on a logo a request brings as its visible mark ({@code visible_mark.logo_uri}): checked by the watermark
 * stage that draws it and by a campaign spec that names it, so both agree. A mark is at most half the output's
 * width, so 2048 pixels is already more than any output shows.
 */
public final class LogoLimits {

    /** Largest logo file. */
    public static final long MAX_BYTES = 4L << 20;
    /** Longest side, in pixels. */
    public static final int MAX_SIDE = 2048;

    private LogoLimits() {}

    /** Whether {@code bytes} start like a PNG or a JPEG file, the two formats a logo may be. */
    public static boolean isPngOrJpeg(byte[] bytes) {
        boolean png = bytes.length >= 8 && (bytes[0] & 0xFF) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N'
                && bytes[3] == 'G';
        boolean jpeg = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8
                && (bytes[2] & 0xFF) == 0xFF;
        return png || jpeg;
    }

    /**
     * Decodes an image of at most {@code maxSide} pixels on a side. The size is read from the header first, so a
     * small file that declares a huge image (a decompression bomb) is refused before any pixel is allocated.
     * {@link TooLarge} if it is larger, another IOException if it is not an image ImageIO reads or is corrupt.
     */
    public static BufferedImage read(byte[] image, int maxSide) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(image))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException("not an image ImageIO can read (PNG, JPEG, GIF, BMP)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width > maxSide || height > maxSide) {
                    throw new TooLarge(width, height, maxSide);
                }
                return reader.read(0);
            } catch (RuntimeException e) { // ImageIO's readers throw unchecked exceptions on some corrupt files
                throw new IOException("corrupt image: " + e, e);
            } finally {
                reader.dispose();
            }
        }
    }

    /** An image larger than allowed: the file is fine, its size is not. */
    public static final class TooLarge extends IOException {
        private final int width;
        private final int height;

        TooLarge(int width, int height, int maxSide) {
            super(width + "x" + height + " is larger than " + maxSide + " on a side");
            this.width = width;
            this.height = height;
        }

        public int width() {
            return width;
        }

        public int height() {
            return height;
        }
    }
}

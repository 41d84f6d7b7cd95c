package io.reelflow.operators.watermark;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/** Logo files for tests. */
public final class LogoImages {

    public static final int RED = 0xffe01010;
    public static final int BLUE = 0xff1030e0;

    private LogoImages() {}

    /** Opaque red and blue squares of {@code cell} pixels, a pattern no frame has by chance. */
    public static BufferedImage checkerboard(int width, int height, int cell) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, ((x / cell + y / cell) % 2 == 0) ? RED : BLUE);
            }
        }
        return image;
    }

    public static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format, out)) {
            throw new IOException("no ImageIO writer for " + format);
        }
        return out.toByteArray();
    }
}

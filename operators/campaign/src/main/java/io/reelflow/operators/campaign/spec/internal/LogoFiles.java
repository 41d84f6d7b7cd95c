package io.reelflow.operators.campaign.spec.internal;

import io.reelflow.pipeline.LogoLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Checks a brand logo file by the watermark stage's rules ({@link LogoLimits}), so a spec that validates does not
 * have every request refused at the watermark stage, after its generation.
 */
public final class LogoFiles {

    private LogoFiles() {}

    /** What is wrong with the logo file {@code name} of these bytes, or null if it is usable. */
    public static String problem(String name, byte[] bytes) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!lower.endsWith(".png") && !lower.endsWith(".jpg") && !lower.endsWith(".jpeg")) {
            return "must be a .png, .jpg or .jpeg file";
        }
        if (bytes.length > LogoLimits.MAX_BYTES) {
            return "has " + bytes.length + " bytes, at most " + LogoLimits.MAX_BYTES + " are allowed";
        }
        if (!LogoLimits.isPngOrJpeg(bytes)) {
            return "is not a PNG or JPEG image";
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return "is not a PNG or JPEG image";
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width > LogoLimits.MAX_SIDE || height > LogoLimits.MAX_SIDE) {
                    return "is " + width + "x" + height + ", at most " + LogoLimits.MAX_SIDE + " pixels on a side";
                }
                reader.read(0); // a truncated or corrupt file fails here, not at the watermark stage
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return "cannot be read as an image: " + e.getMessage();
        }
        return null;
    }
}

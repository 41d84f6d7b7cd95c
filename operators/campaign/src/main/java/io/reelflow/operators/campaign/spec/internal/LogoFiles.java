package io.reelflow.operators.campaign.spec.internal;

import io.reelflow.pipeline.LogoLimits;
import java.io.IOException;
import java.util.Locale;

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
        try { // a truncated or corrupt file fails here, not at the watermark stage after its generation
            LogoLimits.read(bytes, LogoLimits.MAX_SIDE);
        } catch (LogoLimits.TooLarge e) {
            return "is " + e.width() + "x" + e.height() + ", at most " + LogoLimits.MAX_SIDE + " pixels on a side";
        } catch (IOException e) {
            return "cannot be read as an image: " + e.getMessage();
        }
        return null;
    }
}

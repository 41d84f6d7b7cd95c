package io.reelflow.pipeline;

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
}

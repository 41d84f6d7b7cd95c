package io.reelflow.operators.watermark.internal;

import io.reelflow.pipeline.Frames;

/** Image quality measures: how far marked frames are from the unmarked ones. */
public final class Quality {

    private Quality() {}

    /** PSNR in dB over all samples of all frames; infinite when identical. */
    public static double psnr(Frames a, Frames b) {
        double sum = 0;
        for (int i = 0; i < a.rgb().length; i++) {
            double d = (a.rgb()[i] & 0xFF) - (b.rgb()[i] & 0xFF);
            sum += d * d;
        }
        double mse = sum / a.rgb().length;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    /** The lowest PSNR of any single frame. */
    public static double worstFramePsnr(Frames a, Frames b) {
        double worst = Double.POSITIVE_INFINITY;
        for (int f = 0; f < a.count(); f++) {
            worst = Math.min(worst, psnr(frame(a, f), frame(b, f)));
        }
        return worst;
    }

    public static Frames frame(Frames frames, int index) {
        byte[] rgb = java.util.Arrays.copyOfRange(frames.rgb(), frames.offset(index), frames.offset(index + 1));
        return new Frames(frames.width(), frames.height(), 1, rgb);
    }
}

package io.reelflow.operators.encode.internal;

import io.reelflow.pipeline.Frames;

/**
 * Resamples native frames in time by linear blending. Each frame stands for the interval it is shown, so native frame
 * j (at {@code nativeFps}) is centred on {@code (j + 0.5) / nativeFps}, and an output frame is the blend of the two
 * native frames around its own centre. Before the first and after the last native centre the nearest frame is used.
 */
public final class TimeResampler {

    /** Output frame = {@code (1 - secondWeight) * first + secondWeight * second}. */
    public record Mix(int first, int second, double secondWeight) {}

    private TimeResampler() {}

    /** The mix shown at {@code seconds} from {@code nativeFrames} frames at {@code nativeFps}. */
    public static Mix at(double seconds, double nativeFps, int nativeFrames) {
        if (nativeFrames == 1) {
            return new Mix(0, 0, 0.0);
        }
        double position = Math.max(0.0, Math.min(nativeFrames - 1, seconds * nativeFps - 0.5));
        int first = (int) Math.floor(position);
        int second = Math.min(first + 1, nativeFrames - 1);
        return new Mix(first, second, position - first);
    }

    /** Writes the blend {@code mix} of {@code frames} into {@code out} (one native frame's bytes). */
    public static void blend(Frames frames, Mix mix, byte[] out) {
        byte[] rgb = frames.rgb();
        int a = frames.offset(mix.first());
        int b = frames.offset(mix.second());
        int weight = (int) Math.round(mix.secondWeight() * 256);
        if (weight == 0 || a == b) {
            System.arraycopy(rgb, a, out, 0, out.length);
            return;
        }
        if (weight == 256) {
            System.arraycopy(rgb, b, out, 0, out.length);
            return;
        }
        int keep = 256 - weight;
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (((rgb[a + i] & 0xff) * keep + (rgb[b + i] & 0xff) * weight + 128) >> 8);
        }
    }
}

package io.reelflow.operators.moderation.frames;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Which frames of a clip are checked: the first, the last, and the frame on screen at every multiple of
 * {@code every} ({@code moderation.frames.sample-every}). An image is its one frame; frames without a usable rate
 * (fps not positive) are all checked, since no time tells which of them matter less.
 */
public final class FrameSampling {

    private final Duration every;

    public FrameSampling(Duration every) {
        Objects.requireNonNull(every, "moderation.frames.sample-every");
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("moderation.frames.sample-every must be positive, is " + every);
        }
        this.every = every;
    }

    /** Indexes of the frames to check among {@code count} frames at {@code fps}, ascending, without repeats. */
    public int[] indexes(int count, double fps) {
        if (count <= 1) {
            return new int[] {0};
        }
        double step = seconds() * fps; // frames between samples
        if (!(fps > 0) || !Double.isFinite(step) || step <= 1) {
            return IntStream.range(0, count).toArray();
        }
        int last = (int) Math.floor((count - 1) / step); // step > 1, so fewer than count samples
        int[] picked = new int[last + 2];
        int n = 0;
        for (int k = 0; k <= last; k++) {
            picked[n++] = (int) Math.min(count - 1, Math.floor(k * step + 1e-9)); // on screen at k * every
        }
        if (picked[n - 1] != count - 1) {
            picked[n++] = count - 1;
        }
        return Arrays.copyOf(picked, n);
    }

    /** What {@link #indexes} picks, in words: "21 of 240 frames (first, last, every 0.5 s)". */
    public String describe(int count, double fps) {
        if (count <= 1) {
            return "the one frame";
        }
        int picked = indexes(count, fps).length;
        if (!(fps > 0) || !Double.isFinite(fps)) {
            return "all " + count + " frames (no frame rate)";
        }
        String rule = "(first, last, every " + everyText() + ")";
        return picked == count ? "all " + count + " frames " + rule : picked + " of " + count + " frames " + rule;
    }

    private String everyText() {
        return BigDecimal.valueOf(every.toNanos(), 9).stripTrailingZeros().toPlainString() + " s";
    }

    private double seconds() {
        return every.toNanos() / 1e9;
    }
}

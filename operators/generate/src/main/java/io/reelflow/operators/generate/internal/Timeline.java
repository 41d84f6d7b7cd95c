package io.reelflow.operators.generate.internal;

import io.reelflow.pipeline.Frames;

/**
 * A clip being generated at native size and rate: every frame is either given (an input image or video placed in
 * time) or to be generated. All request modes are timelines: text to video has no given frames, image to video a
 * given frame 0, extension the source before or after the new frames, connection one clip on each side.
 */
public final class Timeline {

    private final int width;
    private final int height;
    private final byte[][] frames;
    private Frames editSource;
    private double editStrength;

    private Timeline(int width, int height, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a timeline needs at least one frame");
        }
        this.width = width;
        this.height = height;
        this.frames = new byte[count][];
    }

    /** {@code count} frames, none given. */
    public static Timeline empty(int width, int height, int count) {
        return new Timeline(width, height, count);
    }

    /** Places {@code clip}'s frames (already at this size) starting at frame {@code at}. */
    public Timeline place(Frames clip, int at) {
        if (clip.width() != width || clip.height() != height) {
            throw new IllegalArgumentException("frames of " + clip.width() + "x" + clip.height() + " placed in a "
                    + width + "x" + height + " timeline");
        }
        if (at < 0 || at + clip.count() > frames.length) {
            throw new IllegalArgumentException("frames " + at + ".." + (at + clip.count()) + " outside 0.." + frames.length);
        }
        for (int i = 0; i < clip.count(); i++) {
            byte[] frame = new byte[clip.frameBytes()];
            System.arraycopy(clip.rgb(), clip.offset(i), frame, 0, frame.length);
            frames[at + i] = frame;
        }
        return this;
    }

    /**
     * Makes this an edit (SDEdit): every frame is generated, starting not from pure noise but from {@code source}
     * noised to {@code strength} (0 keeps the source, 1 ignores it).
     */
    public Timeline editing(Frames source, double strength) {
        if (source.count() != frames.length || source.width() != width || source.height() != height) {
            throw new IllegalArgumentException("the edit source must match the timeline");
        }
        if (!(strength >= 0 && strength <= 1)) {
            throw new IllegalArgumentException("edit strength must be in [0, 1], got " + strength);
        }
        this.editSource = source;
        this.editStrength = strength;
        return this;
    }

    /** The source being edited, or null. */
    Frames editSource() {
        return editSource;
    }

    double editStrength() {
        return editStrength;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int count() {
        return frames.length;
    }

    public boolean given(int frame) {
        return frames[frame] != null;
    }

    public boolean hasGivenFrames() {
        for (byte[] frame : frames) {
            if (frame != null) {
                return true;
            }
        }
        return false;
    }

    public boolean complete() {
        for (byte[] frame : frames) {
            if (frame == null) {
                return false;
            }
        }
        return true;
    }

    /** A copy of frame {@code index}'s RGB, or null if it is still to be generated. */
    public byte[] frameCopy(int index) {
        return frames[index] == null ? null : frames[index].clone();
    }

    byte[] frame(int index) {
        return frames[index];
    }

    void set(int index, byte[] rgb) {
        frames[index] = rgb;
    }

    public Frames toFrames() {
        if (!complete()) {
            throw new IllegalStateException("the timeline still has frames to generate");
        }
        int bytes = width * height * 3;
        byte[] rgb = new byte[bytes * frames.length];
        for (int i = 0; i < frames.length; i++) {
            System.arraycopy(frames[i], 0, rgb, i * bytes, bytes);
        }
        return new Frames(width, height, frames.length, rgb);
    }
}

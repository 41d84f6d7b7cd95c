package io.reelflow.operators.moderation.frames;

/** The gates that check frames, named as in findings' {@code field} and checks' {@code gate}. */
public enum FrameGate {
    /** Gate 2: input images and videos (image to video, extend, connect, edit), before generation. */
    INPUT("input"),
    /** Gate 3: generated frames, before they are stored. */
    OUTPUT("output");

    private final String id;

    FrameGate(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}

package io.reelflow.pipeline;

import java.io.Serializable;
import java.util.List;

/**
 * A visible mark to composite over the output at output resolution: an RGBA sprite (straight alpha, opacity applied)
 * and where to draw it over time. Drawn after scaling so text stays sharp.
 */
public record Overlay(int width, int height, byte[] rgba, List<Placement> placements) implements Serializable {

    /** From {@code fromSeconds} on (until the next placement), the sprite's top-left corner is at (x, y). */
    public record Placement(double fromSeconds, int x, int y) implements Serializable {}

    /** The placement in effect at {@code seconds}. */
    public Placement at(double seconds) {
        Placement current = placements.get(0);
        for (Placement p : placements) {
            if (p.fromSeconds() <= seconds) {
                current = p;
            }
        }
        return current;
    }
}

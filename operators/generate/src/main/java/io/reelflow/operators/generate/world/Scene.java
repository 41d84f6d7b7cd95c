package io.reelflow.operators.generate.world;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a clip of the reference world shows: one object of a shape and colour, moving a way, on a background of
 * another colour. Some scenes are held out of training (a fixed tenth, by a hash of the combination) so the
 * evaluation can measure compositional generalisation on combinations the model never saw.
 */
public record Scene(Shape shape, Colour colour, Colour background, Motion motion) {

    public Scene {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(motion, "motion");
        if (colour == null || background == null || colour == background) {
            throw new IllegalArgumentException("the object's colour must differ from the background: " + colour);
        }
    }

    private static final List<Scene> ALL = enumerate();

    /** Every valid scene: 3 shapes x 8 colours x 7 backgrounds x 7 motions = 1176, in a fixed order. */
    public static List<Scene> all() {
        return ALL;
    }

    private static List<Scene> enumerate() {
        List<Scene> scenes = new ArrayList<>();
        for (Shape shape : Shape.values()) {
            for (Colour colour : Colour.values()) {
                for (Colour background : Colour.values()) {
                    if (background == colour) {
                        continue;
                    }
                    for (Motion motion : Motion.values()) {
                        scenes.add(new Scene(shape, colour, background, motion));
                    }
                }
            }
        }
        return List.copyOf(scenes);
    }

    /**
     * Held out of training: a fixed tenth of the combinations (every pair of attributes still appears in training).
     * A still scene looks the same as a video and as an image, so it is held out if it is held out either way.
     */
    public boolean heldOut() {
        return mix(shape.ordinal(), colour.ordinal(), background.ordinal(), motion.ordinal()) % 10 == 0
                || motion == Motion.STILL && heldOutAsImage();
    }

    /**
     * For one-frame images, where motion does not show: held out by shape, colour and background alone. Training
     * shows none of these combinations still, neither as an image nor as a still video.
     */
    public boolean heldOutAsImage() {
        return mix(shape.ordinal(), colour.ordinal(), background.ordinal(), 99) % 10 == 0;
    }

    private static long mix(int... values) {
        long h = 0x9E3779B97F4A7C15L;
        for (int v : values) {
            h = (h ^ v) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 29;
        }
        return Long.remainderUnsigned(h, 1_000_003L);
    }
}

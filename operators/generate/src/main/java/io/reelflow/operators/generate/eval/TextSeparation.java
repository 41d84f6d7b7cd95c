package io.reelflow.operators.generate.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.reelflow.operators.generate.TextConditioning;
import io.reelflow.operators.generate.TextEncoder;
import io.reelflow.operators.generate.world.Captions;
import io.reelflow.operators.generate.world.Colour;
import io.reelflow.operators.generate.world.Motion;
import io.reelflow.operators.generate.world.Scene;
import io.reelflow.operators.generate.world.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * How far apart a model's text encoder puts prompts that differ in one attribute: the distance between their pooled
 * vectors relative to the first's length, averaged over scenes and both languages. An attribute the encoder has
 * collapsed (near 0) cannot be followed however well the denoiser draws, so this tells a text failure from a drawing
 * failure.
 */
public final class TextSeparation {

    private static final int SCENE_STRIDE = 11; // co-prime with every attribute count, so every value occurs

    private TextSeparation() {}

    /** Attribute ("colour", "shape", "background", "direction", "motion") to mean relative distance. */
    public static Map<String, Double> measure(TextEncoder encoder, NDManager manager) {
        Map<String, UnaryOperator<Scene>> changes = new LinkedHashMap<>();
        changes.put("colour", s -> new Scene(s.shape(), next(s.colour(), s.background()), s.background(), s.motion()));
        changes.put("shape", s -> new Scene(Shape.values()[(s.shape().ordinal() + 1) % Shape.values().length],
                s.colour(), s.background(), s.motion()));
        changes.put("background", s -> new Scene(s.shape(), s.colour(), next(s.background(), s.colour()), s.motion()));
        changes.put("direction", s -> new Scene(s.shape(), s.colour(), s.background(), opposite(s.motion())));
        changes.put("motion", s -> new Scene(s.shape(), s.colour(), s.background(),
                Motion.values()[(s.motion().ordinal() + 1) % Motion.values().length]));
        Map<String, Double> out = new LinkedHashMap<>();
        List<Scene> scenes = Scene.all();
        changes.forEach((attribute, change) -> {
            double sum = 0;
            int count = 0;
            for (int i = 0; i < scenes.size(); i += SCENE_STRIDE) {
                Scene scene = scenes.get(i);
                Scene changed = change.apply(scene);
                if (changed.equals(scene)) {
                    continue; // "direction" of a scene that does not move left, right, up or down
                }
                for (Captions.Language language : Captions.Language.values()) {
                    sum += distance(encoder, manager, Captions.canonical(scene, false, language),
                            Captions.canonical(changed, false, language));
                    count++;
                }
            }
            out.put(attribute, count == 0 ? 0 : sum / count);
        });
        return out;
    }

    private static double distance(TextEncoder encoder, NDManager parent, String a, String b) {
        try (NDManager manager = parent.newSubManager()) {
            TextConditioning text = encoder.encode(manager, List.of(a, b));
            NDArray pooled = text.pooled();
            return pooled.get(0).sub(pooled.get(1)).norm().getFloat() / Math.max(1e-12f, pooled.get(0).norm().getFloat());
        }
    }

    private static Colour next(Colour colour, Colour avoid) {
        Colour[] all = Colour.values();
        Colour next = all[(colour.ordinal() + 1) % all.length];
        return next == avoid ? all[(next.ordinal() + 1) % all.length] : next;
    }

    private static Motion opposite(Motion motion) {
        return switch (motion) {
            case LEFT -> Motion.RIGHT;
            case RIGHT -> Motion.LEFT;
            case UP -> Motion.DOWN;
            case DOWN -> Motion.UP;
            default -> motion;
        };
    }
}

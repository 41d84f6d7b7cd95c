package io.reelflow.operators.generate.eval;

import io.reelflow.operators.generate.world.Captions;
import io.reelflow.operators.generate.world.Motion;
import io.reelflow.operators.generate.world.Scene;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The standard evaluation set: every held-out scene as text to video in English and Chinese, every held-out image
 * combination as text to image, and held-out scenes through image to video, extension both ways and connection.
 * Sizes rotate through the native 1:1, 16:9 and 9:16 buckets.
 */
public final class EvalPrompts {

    private static final int[][] BUCKETS = {{32, 32}, {36, 20}, {20, 36}};

    private EvalPrompts() {}

    public static List<EvalCase> heldOut() {
        List<EvalCase> cases = new ArrayList<>();
        List<Scene> videos = Scene.all().stream().filter(Scene::heldOut).toList();
        List<Scene> images = Scene.all().stream()
                .filter(s -> s.motion() == Motion.STILL && s.heldOutAsImage()).toList();
        int n = 0;
        for (Captions.Language language : Captions.Language.values()) {
            for (Scene scene : videos) {
                cases.add(text(scene, "text-to-video", language, n++, 8));
            }
            for (Scene scene : images) {
                cases.add(text(scene, "text-to-image", language, n++, 1));
            }
        }
        for (int i = 0; i < videos.size(); i += 4) {
            Scene scene = videos.get(i);
            Captions.Language language = Captions.Language.values()[(i / 4) % 2];
            cases.add(given(scene, "image-to-video", language, n++, 8, 1));
            cases.add(given(scene, "extend-forward", language, n++, 6, 3));
            cases.add(given(scene, "extend-backward", language, n++, 6, 3));
            cases.add(given(scene, "connect", language, n++, 6, 3));
        }
        return cases;
    }

    private static EvalCase text(Scene scene, String mode, Captions.Language language, int n, int frames) {
        int[] size = BUCKETS[n % BUCKETS.length];
        boolean image = frames == 1;
        return new EvalCase(String.format(Locale.ROOT, "%04d-%s", n, mode), Captions.canonical(scene, image, language),
                code(language), scene, mode, size[0], size[1], frames, 1000 + n, List.of(), 0);
    }

    private static EvalCase given(Scene scene, String mode, Captions.Language language, int n, int frames,
            int givenFrames) {
        int[] size = BUCKETS[n % BUCKETS.length];
        return new EvalCase(String.format(Locale.ROOT, "%04d-%s", n, mode), Captions.canonical(scene, false, language),
                code(language), scene, mode, size[0], size[1], frames, 1000 + n, List.of(scene), givenFrames);
    }

    private static String code(Captions.Language language) {
        return language == Captions.Language.ENGLISH ? "en" : "zh";
    }
}

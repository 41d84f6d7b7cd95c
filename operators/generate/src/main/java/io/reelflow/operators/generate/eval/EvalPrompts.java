package io.reelflow.operators.generate.eval;

import io.reelflow.operators.generate.world.Captions;
import io.reelflow.operators.generate.world.Motion;
import io.reelflow.operators.generate.world.Scene;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The standard evaluation set: every held-out scene as text to video in English and Chinese, every held-out image
 * combination as text to image, and held-out scenes through image to video, extension both ways and connection.
 * Sizes rotate through the native 1:1, 16:9 and 9:16 buckets. A tuning set of the same shape from scenes seen in
 * training is for choosing sampler settings.
 */
public final class EvalPrompts {

    private static final int[][] BUCKETS = {{32, 32}, {36, 20}, {20, 36}};

    private EvalPrompts() {}

    public static List<EvalCase> heldOut() {
        return cases(Scene::heldOut, Scene::heldOutAsImage, 1, 1000);
    }

    /**
     * A smaller set of the same shape from scenes seen in training (every 36th), with other seeds: for choosing
     * sampler settings without looking at the held-out set.
     */
    public static List<EvalCase> tuning() {
        return cases(scene -> !scene.heldOut(), scene -> !scene.heldOutAsImage(), 36, 50_000);
    }

    private static List<EvalCase> cases(Predicate<Scene> video, Predicate<Scene> image, int stride, int seeds) {
        List<EvalCase> cases = new ArrayList<>();
        List<Scene> videos = every(stride, Scene.all().stream().filter(video).toList());
        List<Scene> images = every(stride, Scene.all().stream()
                .filter(s -> s.motion() == Motion.STILL && image.test(s)).toList());
        int n = 0;
        for (Captions.Language language : Captions.Language.values()) {
            for (Scene scene : videos) {
                cases.add(text(scene, "text-to-video", language, n++, 8, seeds));
            }
            for (Scene scene : images) {
                cases.add(text(scene, "text-to-image", language, n++, 1, seeds));
            }
        }
        for (int i = 0; i < videos.size(); i += 4) {
            Scene scene = videos.get(i);
            Captions.Language language = Captions.Language.values()[(i / 4) % 2];
            cases.add(given(scene, "image-to-video", language, n++, 8, 1, seeds));
            cases.add(given(scene, "extend-forward", language, n++, 6, 3, seeds));
            cases.add(given(scene, "extend-backward", language, n++, 6, 3, seeds));
            cases.add(given(scene, "connect", language, n++, 6, 3, seeds));
        }
        return cases;
    }

    private static List<Scene> every(int stride, List<Scene> scenes) {
        List<Scene> out = new ArrayList<>();
        for (int i = 0; i < scenes.size(); i += stride) {
            out.add(scenes.get(i));
        }
        return out;
    }

    private static EvalCase text(Scene scene, String mode, Captions.Language language, int n, int frames,
            int seeds) {
        int[] size = BUCKETS[n % BUCKETS.length];
        boolean image = frames == 1;
        return new EvalCase(String.format(Locale.ROOT, "%04d-%s", n, mode), Captions.canonical(scene, image, language),
                code(language), scene, mode, size[0], size[1], frames, seeds + n, List.of(), 0, 0);
    }

    private static EvalCase given(Scene scene, String mode, Captions.Language language, int n, int frames,
            int givenFrames, int seeds) {
        int[] size = BUCKETS[n % BUCKETS.length];
        return new EvalCase(String.format(Locale.ROOT, "%04d-%s", n, mode), Captions.canonical(scene, false, language),
                code(language), scene, mode, size[0], size[1], frames, seeds + n, List.of(scene), givenFrames, 0);
    }

    private static String code(Captions.Language language) {
        return language == Captions.Language.ENGLISH ? "en" : "zh";
    }
}

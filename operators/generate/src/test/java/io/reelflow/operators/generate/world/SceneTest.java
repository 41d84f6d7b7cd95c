package io.reelflow.operators.generate.world;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class SceneTest {

    @Test
    void aboutATenthOfTheScenesIsHeldOut() {
        List<Scene> all = Scene.all();
        long heldOut = all.stream().filter(Scene::heldOut).count();
        assertThat(all).hasSize(1176);
        assertThat(heldOut).isBetween(90L, 150L);
    }

    /** Compositional generalisation: each held-out scene is new as a whole, but every pair of its parts was seen. */
    @Test
    void everyPairOfAttributesOfAHeldOutSceneAppearsInTraining() {
        List<Scene> training = Scene.all().stream().filter(s -> !s.heldOut()).toList();
        List<Function<Scene, Object>> pairs = List.of(
                s -> List.of(s.shape(), s.colour()), s -> List.of(s.shape(), s.background()),
                s -> List.of(s.shape(), s.motion()), s -> List.of(s.colour(), s.background()),
                s -> List.of(s.colour(), s.motion()), s -> List.of(s.background(), s.motion()));
        for (Function<Scene, Object> pair : pairs) {
            Set<Object> seen = new HashSet<>();
            training.forEach(s -> seen.add(pair.apply(s)));
            Scene.all().stream().filter(Scene::heldOut).forEach(s -> assertThat(seen).contains(pair.apply(s)));
        }
    }

    @Test
    void captionsNameEveryAttributeInBothLanguages() {
        Scene scene = new Scene(Shape.CIRCLE, Colour.RED, Colour.BLUE, Motion.LEFT);
        assertThat(Captions.canonical(scene, false, Captions.Language.ENGLISH))
                .isEqualTo("a red circle moving left on a blue background");
        assertThat(Captions.canonical(scene, false, Captions.Language.CHINESE))
                .isEqualTo("一个红色的圆形在蓝色背景上向左移动");
        assertThat(Captions.canonical(scene, true, Captions.Language.ENGLISH)).doesNotContain("left");
        Scene orange = new Scene(Shape.SQUARE, Colour.ORANGE, Colour.RED,
                Motion.STILL);
        assertThat(Captions.canonical(orange, true, Captions.Language.ENGLISH))
                .isEqualTo("an orange square on a red background");
        Scene onOrange = new Scene(Shape.SQUARE, Colour.RED, Colour.ORANGE, Motion.STILL);
        for (int seed = 0; seed < 20; seed++) {
            assertThat(Captions.caption(onOrange, false, Captions.Language.ENGLISH, new SplittableRandom(seed)))
                    .doesNotContain("a orange");
        }
    }
}

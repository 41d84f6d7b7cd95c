package io.reelflow.operators.generate.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.operators.generate.internal.Timeline;
import io.reelflow.operators.generate.world.Colour;
import io.reelflow.operators.generate.world.Motion;
import io.reelflow.operators.generate.world.Scene;
import io.reelflow.operators.generate.world.Shape;
import io.reelflow.pipeline.Frames;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShapeWorldEvalTest {

    @Test
    void aSeamLikeAnyOtherStepHasRatioOneAndAJumpAHighRatio() {
        // 1x1 frames whose grey level rises by 2 per frame; frames 0-2 given, 3-5 generated
        byte[] smooth = new byte[6 * 3];
        for (int f = 0; f < 6; f++) {
            Arrays.fill(smooth, f * 3, f * 3 + 3, (byte) (10 + 2 * f));
        }
        boolean[] generated = {false, false, false, true, true, true};
        assertThat(ShapeWorldEval.seamRatio(new Frames(1, 1, 6, smooth), generated)).isEqualTo(1.0);

        byte[] jump = smooth.clone();
        for (int f = 3; f < 6; f++) {
            Arrays.fill(jump, f * 3, f * 3 + 3, (byte) (60 + 2 * f));
        }
        assertThat(ShapeWorldEval.seamRatio(new Frames(1, 1, 6, jump), generated)).isGreaterThan(10);
    }

    @Test
    void connectCasesBracketTheGapWithTheSameSceneRendered() {
        Scene scene = new Scene(Shape.SQUARE, Colour.RED, Colour.BLUE, Motion.RIGHT);
        EvalCase c = new EvalCase("c", "a red square moving right on a blue background", "en", scene, "connect",
                36, 20, 6, 3, List.of(scene), 3, 0);
        Timeline timeline = ShapeWorldEval.timeline(c);
        assertThat(timeline.count()).isEqualTo(12);
        for (int i = 0; i < 12; i++) {
            assertThat(timeline.given(i)).isEqualTo(i < 3 || i >= 9);
        }
    }

    @Test
    void theStandardSetCoversEveryModeInBothLanguagesOnHeldOutScenesOnly() {
        List<EvalCase> cases = EvalPrompts.heldOut();
        assertThat(cases).extracting(EvalCase::mode).contains("text-to-video", "text-to-image", "image-to-video",
                "extend-forward", "extend-backward", "connect");
        assertThat(cases).extracting(EvalCase::language).contains("en", "zh");
        assertThat(cases).allSatisfy(c -> assertThat(c.image() ? c.expected().heldOutAsImage() : c.expected().heldOut())
                .as(c.id()).isTrue());
    }

    @Test
    void theTuningSetHasEveryModeButOnlyScenesSeenInTraining() {
        List<EvalCase> cases = EvalPrompts.tuning();
        assertThat(cases).extracting(EvalCase::mode).contains("text-to-video", "text-to-image", "image-to-video",
                "extend-forward", "extend-backward", "connect");
        assertThat(cases).hasSizeBetween(60, 140);
        assertThat(cases).noneSatisfy(c -> assertThat(c.image() ? c.expected().heldOutAsImage()
                : c.expected().heldOut()).isTrue());
        assertThat(cases).extracting(EvalCase::seed).doesNotContainAnyElementsOf(
                EvalPrompts.heldOut().stream().map(EvalCase::seed).toList());
    }
}

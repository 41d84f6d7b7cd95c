package io.reelflow.operators.generate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.pipeline.Frames;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowsTest {

    private static final int SIZE = 8;
    private static final int CONTEXT = 2;

    @Test
    void longVideoIsChunkedExtensionWithOverlap() {
        assertThat(plan(Timeline.empty(4, 4, 20)))
                .containsExactly(new Windows.Window(0, 8), new Windows.Window(6, 14), new Windows.Window(12, 20));
    }

    @Test
    void aLastShortChunkReachesBackToFillItsWindow() {
        assertThat(plan(Timeline.empty(4, 4, 12)))
                .containsExactly(new Windows.Window(0, 8), new Windows.Window(4, 12));
    }

    @Test
    void shortVideoIsOneWindow() {
        assertThat(plan(Timeline.empty(4, 4, 5))).containsExactly(new Windows.Window(0, 5));
    }

    @Test
    void imageToVideoKeepsTheFirstFrameInTheFirstWindow() {
        Timeline timeline = Timeline.empty(4, 4, 12).place(Frames.blank(4, 4, 1), 0);
        assertThat(plan(timeline)).containsExactly(new Windows.Window(0, 8), new Windows.Window(4, 12));
    }

    @Test
    void extendingForwardSeesTheSourcesLastFrames() {
        Timeline timeline = Timeline.empty(4, 4, 16).place(Frames.blank(4, 4, 6), 0);
        assertThat(plan(timeline)).containsExactly(new Windows.Window(4, 12), new Windows.Window(8, 16));
    }

    @Test
    void extendingBackwardGoesFromTheSourceTowardsTheStart() {
        Timeline timeline = Timeline.empty(4, 4, 16).place(Frames.blank(4, 4, 6), 10);
        assertThat(plan(timeline)).containsExactly(new Windows.Window(4, 12), new Windows.Window(0, 8));
    }

    @Test
    void connectingBracketsTheGapWithBothClips() {
        Timeline timeline = Timeline.empty(4, 4, 10).place(Frames.blank(4, 4, 3), 0).place(Frames.blank(4, 4, 3), 7);
        assertThat(plan(timeline)).containsExactly(new Windows.Window(1, 9));
    }

    @Test
    void aLongGapEndsWithAWindowThatSeesTheSecondClip() {
        Timeline timeline = Timeline.empty(4, 4, 26).place(Frames.blank(4, 4, 3), 0).place(Frames.blank(4, 4, 3), 23);
        List<Windows.Window> windows = plan(timeline);
        Windows.Window last = windows.get(windows.size() - 1);
        assertThat(last.end()).isEqualTo(23 + CONTEXT);
        assertThat(windows).allSatisfy(w -> assertThat(w.frames()).isIn(4, SIZE));
    }

    private static List<Windows.Window> plan(Timeline timeline) {
        return Windows.plan(timeline, SIZE, CONTEXT);
    }
}

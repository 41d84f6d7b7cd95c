package io.reelflow.operators.generate.world;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.pipeline.Frames;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClipAnalyserTest {

    /** Every scene, randomly placed, in a native bucket: the analyser must read back what was drawn. */
    @ParameterizedTest
    @CsvSource({"32, 32, 8", "36, 20, 8", "20, 36, 8", "32, 24, 8", "24, 32, 8"})
    void readsBackEveryRenderedScene(int width, int height, int frames) {
        SplittableRandom random = new SplittableRandom(7);
        List<String> misread = new ArrayList<>();
        List<Scene> scenes = Scene.all();
        for (Scene scene : scenes) {
            Geometry geometry = Geometry.random(scene.motion(), width, height, frames, random);
            Frames clip = new Frames(width, height, frames,
                    SceneRenderer.render(scene, geometry, width, height, frames));
            ClipAnalyser.Reading reading = ClipAnalyser.read(clip);
            if (!reading.matches(scene, false)) {
                misread.add(scene + " read as " + reading);
            }
        }
        // at 20 pixels a triangle and a circle are a few pixels apart: allow 1 %
        assertThat(misread.size()).as(String.join("\n", misread.subList(0, Math.min(10, misread.size()))))
                .isLessThanOrEqualTo(scenes.size() / 100);
    }

    @Test
    void readsImagesWithoutMotion() {
        Scene scene = new Scene(Shape.TRIANGLE, Colour.YELLOW, Colour.PURPLE, Motion.STILL);
        Geometry geometry = Geometry.random(Motion.STILL, 32, 32, 1, new SplittableRandom(1));
        ClipAnalyser.Reading reading = ClipAnalyser.read(
                new Frames(32, 32, 1, SceneRenderer.render(scene, geometry, 32, 32, 1)));
        assertThat(reading.matches(scene, true)).as(reading.toString()).isTrue();
        assertThat(reading.motion()).isEqualTo(Motion.STILL);
    }

    @Test
    void findsNoObjectInAFlatFrame() {
        byte[] rgb = new byte[16 * 16 * 3];
        for (int i = 0; i < rgb.length; i += 3) {
            rgb[i] = (byte) 40;
            rgb[i + 1] = (byte) 90;
            rgb[i + 2] = (byte) 220;
        }
        ClipAnalyser.Reading reading = ClipAnalyser.read(new Frames(16, 16, 1, rgb));
        assertThat(reading.background()).isEqualTo(Colour.BLUE);
        assertThat(reading.colour()).isNull();
        assertThat(reading.shape()).isNull();
    }
}

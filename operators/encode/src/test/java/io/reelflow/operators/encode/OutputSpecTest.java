package io.reelflow.operators.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelflow.config.LimitsConfig;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.schema.GenerationMode;
import io.reelflow.schema.OutputFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutputSpecTest {

    private static final LimitsConfig LIMITS = ReelflowConfig.defaults().limits();

    @ParameterizedTest(name = "{0} s at {1} fps -> {2} frames")
    @CsvSource({"1.0, 24, 24", "1.5, 25, 38", "2.0, 30, 60", "0.75, 60, 45", "60, 60, 3600", "0.01, 30, 0"})
    void durationTimesFpsIsRounded(double seconds, int fps, int frames) {
        var request = TestClips.request(GenerationMode.TEXT_TO_VIDEO, 1920, 1080)
                .setDurationSeconds(seconds)
                .setFps(fps);
        if (frames == 0) {
            assertThatThrownBy(() -> OutputSpec.of(request.build(), LIMITS)).hasMessageContaining("impossible output");
            return;
        }

        OutputSpec spec = OutputSpec.of(request.build(), LIMITS);

        assertThat(spec.frames()).isEqualTo(frames);
        assertThat(spec.durationSeconds()).isEqualTo((double) frames / fps);
    }

    @Test
    void missingFpsIsTheConfiguredDefault() {
        var request = TestClips.request(GenerationMode.IMAGE_TO_VIDEO, 1080, 1920).setDurationSeconds(2.0).build();

        OutputSpec spec = OutputSpec.of(request, LIMITS);

        assertThat(spec.fps()).isEqualTo(LIMITS.defaultFps());
        assertThat(spec.frames()).isEqualTo(2 * LIMITS.defaultFps());
        assertThat(spec.format()).isEqualTo(OutputFormat.MP4);
    }

    @Test
    void framesWinOverDuration() {
        var request = TestClips.request(GenerationMode.TEXT_TO_VIDEO, 640, 360)
                .setFrames(10)
                .setDurationSeconds(5.0)
                .build();

        assertThat(OutputSpec.of(request, LIMITS).frames()).isEqualTo(10);
    }

    @Test
    void imagesArePngsOfOneFrame() {
        OutputSpec spec = OutputSpec.of(TestClips.image(2048, 1024), LIMITS);

        assertThat(spec).isEqualTo(new OutputSpec(OutputFormat.PNG, 2048, 1024, 0, 1));
        assertThat(spec.durationSeconds()).isZero();
    }

    @Test
    void explicitFormatWins() {
        var request = TestClips.request(GenerationMode.TEXT_TO_IMAGE, 64, 64)
                .setOutputFormat(OutputFormat.MP4)
                .setFrames(3)
                .build();

        assertThat(OutputSpec.of(request, LIMITS).format()).isEqualTo(OutputFormat.MP4);
    }
}

package io.reelflow.operators.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelflow.config.EncodeConfig;
import io.reelflow.config.LimitsConfig;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.pipeline.Clip;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.Overlay;
import io.reelflow.pipeline.Stages;
import io.reelflow.schema.GenerationMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every way encoding can fail ends as a Failed outcome with ENCODE_FAILED and a reason; nothing is thrown. */
class ClipEncoderFailureTest {

    private static final ReelflowConfig DEFAULTS = ReelflowConfig.defaults();
    private final ClipEncoder encoder = ClipEncoder.builder().config(DEFAULTS).build();

    @Test
    void unknownCodecNameFailsWithFfmpegsAnswer() {
        EncodeConfig nope = new EncodeConfig("nope264", 0.15, 800_000, 2, 0.5);
        ClipEncoder misconfigured = ClipEncoder.builder().encode(nope).limits(DEFAULTS.limits()).build();

        EncodeOutcome.Failed failed = failed(misconfigured.encode(smallVideo()));

        assertThat(failed.reason().message())
                .contains("nope264")
                .contains("avcodec_find_encoder_by_name");
        assertThat(failed.trace().timingsMs()).containsKey(Stages.ENCODE);
    }

    @Test
    void sizeTheEncoderRefusesFailsWithTheEncodersReason() {
        LimitsConfig roomy = withVideoSides(DEFAULTS.limits(), 4096, 4096);
        ClipEncoder encoderWithRoomyLimits = ClipEncoder.builder().encode(DEFAULTS.encode()).limits(roomy).build();
        Clip huge = TestClips.clip(TestClips.video(4096, 4096, 24, 2), TestClips.flat(112, 112, 90), 8, null);

        EncodeOutcome.Failed failed = failed(encoderWithRoomyLimits.encode(huge));

        assertThat(failed.reason().message())
                .contains("4096x4096")
                .contains("avcodec_open2")
                .contains("width * height <= 9437184"); // openh264's own words, from FFmpeg's log
    }

    @Test
    void sizeBeyondTheLimitsFails() {
        Clip tooWide = TestClips.clip(TestClips.image(4096, 64), TestClips.flat(128, 128, 90), 0, null);

        assertThat(failed(encoder.encode(tooWide)).reason().message()).contains("4096x64").contains("limits");
    }

    @Test
    void pngOfAMultiFrameClipFails() {
        Clip clip = TestClips.clip(TestClips.image(128, 128), TestClips.flat(128, 128, 10, 20), 8, null);

        assertThat(failed(encoder.encode(clip)).reason().message()).contains("1-frame clip");
    }

    @Test
    void videoWithoutDurationOrFramesFails() {
        Clip clip = TestClips.clip(
                TestClips.request(GenerationMode.TEXT_TO_VIDEO, 64, 64).build(), TestClips.flat(112, 112, 90), 8, null);

        assertThat(failed(encoder.encode(clip)).reason().message()).contains("duration_seconds or frames");
    }

    @Test
    void malformedOverlayFails() {
        Overlay broken = new Overlay(10, 10, new byte[7], List.of(new Overlay.Placement(0, 0, 0)));
        Clip clip = TestClips.clip(TestClips.image(64, 64), TestClips.flat(128, 128, 90), 0, broken);

        assertThat(failed(encoder.encode(clip)).reason().message()).contains("malformed overlay");
    }

    @Test
    void builderRejectsNonsenseConfiguration() {
        assertThatThrownBy(() -> ClipEncoder.builder().encode(new EncodeConfig("libopenh264", 0, 800_000, 2, 0.5))
                        .limits(DEFAULTS.limits()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bits-per-pixel");
        assertThatThrownBy(() -> ClipEncoder.builder().encode(new EncodeConfig("libopenh264", 0.15, 800_000, 2, 1.5))
                        .limits(DEFAULTS.limits()).build())
                .hasMessageContaining("poster-at");
        assertThatThrownBy(() -> ClipEncoder.builder().encode(DEFAULTS.encode()).build())
                .isInstanceOf(NullPointerException.class);
    }

    private static Clip smallVideo() {
        return TestClips.clip(TestClips.video(64, 64, 24, 4), TestClips.flat(112, 112, 90, 120), 8, null);
    }

    private static EncodeOutcome.Failed failed(EncodeOutcome outcome) {
        assertThat(outcome).isInstanceOf(EncodeOutcome.Failed.class);
        EncodeOutcome.Failed failed = (EncodeOutcome.Failed) outcome;
        assertThat(failed.reason().code()).isEqualTo(ErrorCode.ENCODE_FAILED);
        return failed;
    }

    private static LimitsConfig withVideoSides(LimitsConfig l, int longSide, int shortSide) {
        return new LimitsConfig(l.maxPayloadBytes(), l.minSide(), l.imageMaxSide(), longSide, shortSide,
                l.videoMaxAspect(), l.maxDurationSeconds(), l.minFps(), l.maxFps(), l.defaultFps(), l.minSteps(),
                l.maxSteps(), l.minGuidance(), l.maxGuidance(), l.maxPromptChars(), l.maxLabels(), l.maxLabelChars(),
                l.maxInputAssets());
    }
}

package io.reelflow.operators.encode.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.reelflow.pipeline.Frames;
import org.junit.jupiter.api.Test;

class TimeResamplerTest {

    @Test
    void outputFramesBlendTheTwoNativeFramesAroundTheirCentre() {
        // 8 fps native -> 24 fps output: centres at (i + 0.5) / 24 s; native j is centred at (j + 0.5) / 8 s.
        assertThat(TimeResampler.at(1.5 / 24, 8, 8)).isEqualTo(new TimeResampler.Mix(0, 1, 0.0));
        TimeResampler.Mix third = TimeResampler.at(2.5 / 24, 8, 8);
        assertThat(third.first()).isEqualTo(0);
        assertThat(third.second()).isEqualTo(1);
        assertThat(third.secondWeight()).isCloseTo(1.0 / 3, within(1e-9));
        TimeResampler.Mix late = TimeResampler.at(21.5 / 24, 8, 8);
        assertThat(late.first()).isEqualTo(6);
        assertThat(late.secondWeight()).isCloseTo(2.0 / 3, within(1e-9));
    }

    @Test
    void beforeTheFirstAndAfterTheLastCentreTheNearestFrameIsHeld() {
        assertThat(TimeResampler.at(0.0, 8, 8)).isEqualTo(new TimeResampler.Mix(0, 1, 0.0));
        assertThat(TimeResampler.at(0.99, 8, 8)).isEqualTo(new TimeResampler.Mix(7, 7, 0.0));
        assertThat(TimeResampler.at(5.0, 8, 1)).isEqualTo(new TimeResampler.Mix(0, 0, 0.0));
    }

    @Test
    void blendMixesBytesByWeight() {
        Frames frames = new Frames(1, 1, 2, new byte[] {0, 100, (byte) 200, (byte) 90, 100, 0});
        byte[] out = new byte[3];

        TimeResampler.blend(frames, new TimeResampler.Mix(0, 1, 0.25), out);
        assertThat(new int[] {out[0] & 0xff, out[1] & 0xff, out[2] & 0xff}).containsExactly(23, 100, 150);

        TimeResampler.blend(frames, new TimeResampler.Mix(0, 1, 1.0), out);
        assertThat(new int[] {out[0] & 0xff, out[1] & 0xff, out[2] & 0xff}).containsExactly(90, 100, 0);
    }
}

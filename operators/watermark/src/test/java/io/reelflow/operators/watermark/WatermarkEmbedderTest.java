package io.reelflow.operators.watermark;

import io.reelflow.operators.watermark.internal.Quality;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelflow.operators.watermark.SyntheticFrames.Kind;
import io.reelflow.pipeline.Frames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WatermarkEmbedderTest {

    private final WatermarkKey key = WatermarkKey.fromSecret(TestClips.SECRET);
    private final WatermarkEmbedder embedder = WatermarkEmbedder.builder().key(key).strength(1.0).build();
    private final String id = key.watermarkId("acme", "req-1");

    @ParameterizedTest
    @EnumSource(Kind.class)
    void keepsEveryFrameAtOrAbove40DbPsnr(Kind kind) {
        for (int seed = 0; seed < 6; seed++) {
            Frames image = SyntheticFrames.image(kind, 128, 128, seed);
            assertThat(Quality.psnr(image, embedder.embed(image, id))).as("image seed %d", seed).isGreaterThanOrEqualTo(40.0);
            Frames video = SyntheticFrames.video(kind, 144, 80, 4, seed);
            assertThat(Quality.worstFramePsnr(video, embedder.embed(video, id))).as("video seed %d", seed).isGreaterThanOrEqualTo(40.0);
        }
    }

    /** No visible pattern on flat colour: small amplitude, and no steps between neighbouring pixels beyond one level. */
    @Test
    void leavesFlatColourAreasWithAFaintSmoothUndulationOnly() {
        for (int seed = 0; seed < 4; seed++) {
            Frames flat = SyntheticFrames.image(Kind.FLAT, 1920, 1080, seed);
            Frames marked = embedder.embed(flat, id);
            int largest = 0;
            int steepest = 0;
            for (int y = 0; y < flat.height(); y++) {
                for (int x = 0; x < flat.width(); x++) {
                    for (int ch = 0; ch < 3; ch++) {
                        int i = (y * flat.width() + x) * 3 + ch;
                        int delta = (marked.rgb()[i] & 0xFF) - (flat.rgb()[i] & 0xFF);
                        largest = Math.max(largest, Math.abs(delta));
                        if (x > 0) {
                            int left = (marked.rgb()[i - 3] & 0xFF) - (flat.rgb()[i - 3] & 0xFF);
                            steepest = Math.max(steepest, Math.abs(delta - left));
                        }
                    }
                }
            }
            assertThat(largest).as("seed %d", seed).isLessThanOrEqualTo((int) Math.round(WatermarkEmbedder.FLAT_AMPLITUDE));
            assertThat(steepest).as("seed %d", seed).isLessThanOrEqualTo(1);
            assertThat(WatermarkDetector.builder().key(key).build().detect(marked).watermarkId()).isEqualTo(id);
        }
    }

    @Test
    void changesOnlyLuminanceByMovingRedGreenAndBlueTogether() {
        Frames image = SyntheticFrames.image(Kind.NATURAL, 112, 112, 4);
        Frames marked = embedder.embed(image, id);
        int changed = 0;
        for (int i = 0; i < image.rgb().length; i += 3) {
            int[] delta = new int[3];
            boolean clamped = false;
            for (int ch = 0; ch < 3; ch++) {
                int before = image.rgb()[i + ch] & 0xFF;
                int after = marked.rgb()[i + ch] & 0xFF;
                delta[ch] = after - before;
                clamped |= after == 0 || after == 255;
            }
            if (!clamped) {
                assertThat(delta[1]).isEqualTo(delta[0]);
                assertThat(delta[2]).isEqualTo(delta[0]);
            }
            changed += delta[0] != 0 ? 1 : 0;
        }
        assertThat(changed).isGreaterThan(image.width() * image.height() / 2);
    }

    @Test
    void isDeterministicSoReplaysProduceTheSameFrames() {
        Frames video = SyntheticFrames.video(Kind.NOISE, 144, 80, 3, 8);
        assertThat(embedder.embed(video, id).rgb()).isEqualTo(embedder.embed(video, id).rgb());
        assertThat(embedder.embed(video, id).rgb()).isNotEqualTo(embedder.embed(video, key.watermarkId("acme", "req-2")).rgb());
    }

    @Test
    void strengthScalesTheDistortion() {
        Frames image = SyntheticFrames.image(Kind.GRADIENT, 128, 128, 2);
        double gentle = Quality.psnr(image, WatermarkEmbedder.builder().key(key).strength(0.5).build().embed(image, id));
        double normal = Quality.psnr(image, embedder.embed(image, id));
        double strong = Quality.psnr(image, WatermarkEmbedder.builder().key(key).strength(2.0).build().embed(image, id));
        assertThat(gentle).isGreaterThan(normal + 3);
        assertThat(strong).isLessThan(normal - 3);
    }

    @Test
    void validatesItsInputs() {
        assertThatThrownBy(() -> WatermarkEmbedder.builder().strength(1).build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> WatermarkEmbedder.builder().key(key).build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> WatermarkEmbedder.builder().key(key).strength(0).build()).isInstanceOf(IllegalStateException.class);
        Frames image = SyntheticFrames.image(Kind.FLAT, 64, 64, 1);
        assertThatThrownBy(() -> embedder.embed(image, "ABCDEF0123456789")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> embedder.embed(image, "abc")).isInstanceOf(IllegalArgumentException.class);
        // A decoder buffer too small for the frame, or a stride shorter than a row, is refused before any write.
        var marker = embedder.marker(64, 64, id);
        byte[] tooSmall = new byte[64 * 64 * 3 - 1];
        assertThatThrownBy(() -> marker.mark(tooSmall, 0, 64 * 3, ChannelOrder.RGB))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit");
        assertThat(tooSmall).containsOnly((byte) 0);
        assertThatThrownBy(() -> marker.mark(new byte[64 * 64 * 3], 0, 64 * 3 - 1, ChannelOrder.RGB))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

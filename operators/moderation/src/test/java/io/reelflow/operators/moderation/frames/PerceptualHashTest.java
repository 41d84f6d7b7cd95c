package io.reelflow.operators.moderation.frames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelflow.pipeline.Frames;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Hash properties on single frames; robustness against unrelated pictures is measured in HashSeparationTest. */
class PerceptualHashTest {

    @Test
    void hashesFramesOfAnySizeEvenSmallerThanItsGrid() {
        SplittableRandom random = new SplittableRandom(3);
        int[][] sizes = {{1, 1}, {2, 1}, {1, 500}, {31, 33}, {3000, 2}, {9, 8}};
        for (int[] size : sizes) {
            byte[] rgb = new byte[size[0] * size[1] * 3];
            random.nextBytes(rgb);
            Frames frame = new Frames(size[0], size[1], 1, rgb);
            for (HashAlgorithm algorithm : HashAlgorithm.values()) {
                assertThat(PerceptualHash.hash(algorithm, frame, 0))
                        .isEqualTo(PerceptualHash.hash(algorithm, new Frames(size[0], size[1], 1, rgb.clone()), 0));
            }
        }
    }

    @Test
    void dHashReadsBrightnessStepsLeftToRight() {
        assertThat(PerceptualHash.dhash(ramp(64, 48, true), 0)).isEqualTo(-1L); // every cell brighter than its left
        assertThat(PerceptualHash.dhash(ramp(64, 48, false), 0)).isZero(); // rows are flat
    }

    @Test
    void everyFlatPictureHashesAlikeAndIsReportedFlat() {
        for (int level : new int[] {0, 17, 128, 255}) {
            Frames flat = new Frames(50, 30, 1, filled(50 * 30 * 3, (byte) level));
            // pHash: only the average (DC) bit, set unless black
            assertThat(PerceptualHash.phash(flat, 0)).isEqualTo(level == 0 ? 0L : Long.MIN_VALUE);
            assertThat(PerceptualHash.dhash(flat, 0)).isZero();
            assertThat(PerceptualHash.flat(flat, 0)).isTrue();
        }
        assertThat(PerceptualHash.flat(NaturalImages.image(1, 64, 36), 0)).isFalse();
    }

    @Test
    void hashesTheFrameAtTheIndexGiven() {
        Frames clip = NaturalImages.clip(5, 96, 54, 12);
        for (HashAlgorithm algorithm : HashAlgorithm.values()) {
            assertThat(PerceptualHash.hash(algorithm, clip, 11)).isEqualTo(PerceptualHash.hash(algorithm,
                    clip.slice(11, 1), 0));
        }
        assertThat(PerceptualHash.phash(clip, 0)).isNotEqualTo(PerceptualHash.phash(NaturalImages.image(6, 96, 54), 0));
    }

    @Test
    void theSamePictureAtAnotherSizeHashesNearlyAlike() throws Exception {
        Frames large = NaturalImages.image(9, 1920, 1080);
        Frames small = Edits.resize(large, 36.0 / 1920);
        assertThat(small.width()).isEqualTo(36);
        assertThat(PerceptualHash.distance(PerceptualHash.phash(large, 0), PerceptualHash.phash(small, 0)))
                .isLessThanOrEqualTo(6);
    }

    @Test
    void writesAndReadsSixteenHexDigits() {
        long hash = 0x9f3a61c0b48e2d17L;
        assertThat(PerceptualHash.hex(hash)).isEqualTo("9f3a61c0b48e2d17");
        assertThat(PerceptualHash.parseHex("9F3A61C0B48E2D17")).isEqualTo(hash);
        assertThat(PerceptualHash.parseHex(PerceptualHash.hex(-1L))).isEqualTo(-1L);
        assertThat(PerceptualHash.distance(0L, -1L)).isEqualTo(64);
        for (String bad : new String[] {"9f3a61c0b48e2d1", "9f3a61c0b48e2d170", "9f3a61c0b48e2d1g", "٩f3a61c0b48e2d17"}) {
            assertThatThrownBy(() -> PerceptualHash.parseHex(bad)).hasMessageContaining("is not 16 hex digits");
        }
    }

    /** Brightness rising left to right ({@code across}) or top to bottom. */
    private static Frames ramp(int width, int height, boolean across) {
        byte[] rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int level = across ? x * 255 / (width - 1) : y * 255 / (height - 1);
                for (int c = 0; c < 3; c++) {
                    rgb[(y * width + x) * 3 + c] = (byte) level;
                }
            }
        }
        return new Frames(width, height, 1, rgb);
    }

    private static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, value);
        return bytes;
    }
}

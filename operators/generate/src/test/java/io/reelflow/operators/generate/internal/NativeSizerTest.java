package io.reelflow.operators.generate.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.reelflow.config.LimitsConfig;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.generate.TestRequests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NativeSizerTest {

    /** The grid search without buckets, for a model of 8x8 patches and about 128x128 native frames. */
    private static final DitConfig.Sizing SIZING = new DitConfig.Sizing(16384, 12544, 0.6, 1.6, 0.015);
    private static final int PATCH = 8;
    private static final NativeSizer SIZER = new NativeSizer(SIZING, PATCH, PATCH);
    private static final LimitsConfig LIMITS = ReelflowConfig.defaults().limits();

    @ParameterizedTest(name = "reference model: {0}x{1} -> the {2}x{3} bucket")
    @CsvSource({"1920, 1080, 36, 20", "1080, 1920, 20, 36", "1080, 1080, 32, 32", "1280, 720, 36, 20",
            "640, 480, 32, 24", "480, 640, 24, 32", "2048, 64, 36, 20", "1000, 1100, 32, 32"})
    void theReferenceModelSnapsToTheBucketsItWasTrainedOn(int width, int height, int nativeWidth, int nativeHeight) {
        var model = TestRequests.referenceModel();
        assertThat(model.videoFormat(width, height, 1)).extracting(f -> f.width(), f -> f.height())
                .containsExactly(nativeWidth, nativeHeight);
        assertThat(model.imageFormat(width, height)).extracting(f -> f.width(), f -> f.height())
                .containsExactly(nativeWidth, nativeHeight);
    }

    @ParameterizedTest(name = "{0}x{1} video -> {2}x{3}")
    @CsvSource({"1920, 1080, 144, 80", "1080, 1920, 80, 144", "1080, 1080, 112, 112", "1280, 720, 144, 80",
            "640, 480, 128, 96"})
    void videoSizes(int width, int height, int nativeWidth, int nativeHeight) {
        assertThat(SIZER.video(width, height)).extracting(NativeSizer.Size::width, NativeSizer.Size::height)
                .containsExactly(nativeWidth, nativeHeight);
    }

    @ParameterizedTest(name = "{0}x{1} image -> {2}x{3}")
    @CsvSource({"2048, 2048, 128, 128", "1024, 1024, 128, 128", "1920, 1080, 184, 104", "2048, 64, 768, 24"})
    void imageSizes(int width, int height, int nativeWidth, int nativeHeight) {
        assertThat(SIZER.image(width, height)).extracting(NativeSizer.Size::width, NativeSizer.Size::height)
                .containsExactly(nativeWidth, nativeHeight);
    }

    @Test
    void everyAllowedVideoSizeKeepsItsAspectWithinThreePercent() {
        double worst = 0;
        for (int width = LIMITS.minSide(); width <= LIMITS.videoMaxLongSide(); width += 2) {
            for (int height = LIMITS.minSide(); height <= LIMITS.videoMaxLongSide(); height += 2) {
                boolean fits = Math.min(width, height) <= LIMITS.videoMaxShortSide()
                        && Math.max(width, height) / (double) Math.min(width, height) <= LIMITS.videoMaxAspect();
                if (fits) {
                    worst = Math.max(worst, checked(SIZER.video(width, height), width, height, SIZING.videoPixels()));
                }
            }
        }
        assertThat(worst).isLessThan(0.03);
    }

    @Test
    void everyAllowedImageSizeKeepsItsAspectWithinThreePercent() {
        double worst = 0;
        for (int width = LIMITS.minSide(); width <= LIMITS.imageMaxSide(); width += 6) {
            for (int height = LIMITS.minSide(); height <= LIMITS.imageMaxSide(); height += 6) {
                worst = Math.max(worst, checked(SIZER.image(width, height), width, height, SIZING.imagePixels()));
            }
        }
        assertThat(worst).isLessThan(0.03);
    }

    /** Whole patches, area within the band, and the aspect error it reports is the real one. */
    private static double checked(NativeSizer.Size size, int width, int height, int target) {
        assertThat(size.width() % PATCH).isZero();
        assertThat(size.height() % PATCH).isZero();
        double area = size.width() * (double) size.height() / target;
        assertThat(area).as("area of %s for %dx%d", size, width, height)
                .isBetween(SIZING.areaMin(), SIZING.areaMax());
        double error = Math.abs(size.width() / (double) size.height() / (width / (double) height) - 1);
        assertThat(size.aspectError()).isCloseTo(error, offset(1e-12));
        return error;
    }
}

package io.reelflow.operators.watermark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.reelflow.operators.watermark.Resample.Filter;
import io.reelflow.operators.watermark.SyntheticFrames.Kind;
import io.reelflow.pipeline.Frames;
import io.reelflow.pipeline.Overlay;
import io.reelflow.schema.MarkPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class WatermarkDetectorTest {

    private final WatermarkKey key = WatermarkKey.fromSecret(TestClips.SECRET);
    private final WatermarkEmbedder embedder = WatermarkEmbedder.builder().key(key).strength(1.0).build();
    private final WatermarkDetector detector = WatermarkDetector.builder().key(key).build();
    private final String id = key.watermarkId("acme", "req-42");

    @ParameterizedTest
    @EnumSource(Kind.class)
    void readsTheIdBackAtNativeSize(Kind kind) {
        for (int[] size : new int[][] {{128, 128}, {144, 80}, {80, 144}, {112, 112}}) {
            Detection detection = detector.detect(embedder.embed(SyntheticFrames.image(kind, size[0], size[1], size[0]), id));
            assertDetected(detection, 2, "%s %dx%d", kind, size[0], size[1]);
        }
    }

    /**
     * The encoder scales native frames to the requested size, any aspect in between, up or down; the detector needs
     * about two pixels per mark cell, 128 on the short side.
     */
    @ParameterizedTest
    @CsvSource({
        "128, 128, 2048, 2048, BICUBIC",
        "128, 128, 1024, 1024, BILINEAR",
        "256, 256, 128, 128, AREA",
        "288, 160, 192, 128, AREA",
        "144, 80, 240, 128, BICUBIC",
        "144, 80, 1920, 1080, BILINEAR",
        "144, 80, 1280, 720, BICUBIC",
        "144, 80, 1024, 1024, BILINEAR",
        "80, 144, 1080, 1920, BICUBIC",
        "80, 144, 608, 1080, BILINEAR",
        "112, 112, 1440, 1080, BICUBIC",
    })
    void readsTheIdBackAfterScaling(int width, int height, int outWidth, int outHeight, Filter filter) {
        for (Kind kind : Kind.values()) {
            Frames marked = embedder.embed(SyntheticFrames.image(kind, width, height, outWidth + kind.ordinal()), id);
            assertDetected(detector.detect(Resample.scale(marked, outWidth, outHeight, filter)), 8, "%s", kind);
        }
    }

    /** A tenth cut off two sides meeting at a corner, or from all four, with and without scaling back up. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void readsTheIdBackAfterACropFoundByTheAlignmentSearch(Kind kind) {
        Frames marked = embedder.embed(SyntheticFrames.image(kind, 640, 360, 11), id);
        assertThat(detector.detect(marked).region().whole()).isTrue();
        for (int[] at : new int[][] {{0, 0}, {64, 0}, {0, 36}, {64, 36}, {32, 18}}) {
            Frames cropped = crop(marked, at[0], at[1], 576, 324);
            Detection detection = detector.detect(cropped);
            assertDetected(detection, 4, "%s cropped at %d,%d", kind, at[0], at[1]);
            // where the search found the grid: within a quarter of a mark cell of the true crop
            assertThat(detection.region().whole()).isFalse();
            assertThat(new double[] {detection.region().keptX(), detection.region().offsetX(),
                    detection.region().keptY(), detection.region().offsetY()})
                    .containsExactly(new double[] {0.9, at[0] / 640.0, 0.9, at[1] / 360.0}, within(1.0 / 256));
            assertDetected(detector.detect(Resample.scale(cropped, 640, 360, Filter.BICUBIC)), 4, "%s cropped and scaled", kind);
        }
        assertDetected(detector.detect(crop(marked, 0, 0, 576, 360)), 4, "%s cropped along x only", kind);
        WatermarkDetector wholeFrameOnly = WatermarkDetector.builder().key(key).searchCrops(false).build();
        assertThat(wholeFrameOnly.detect(crop(marked, 64, 36, 576, 324)).detected()).isFalse();
    }

    static Frames crop(Frames frames, int x0, int y0, int width, int height) {
        byte[] out = new byte[width * height * 3 * frames.count()];
        for (int f = 0; f < frames.count(); f++) {
            for (int y = 0; y < height; y++) {
                System.arraycopy(frames.rgb(), frames.offset(f) + ((y + y0) * frames.width() + x0) * 3,
                        out, (f * height + y) * width * 3, width * 3);
            }
        }
        return new Frames(width, height, frames.count(), out);
    }

    @Test
    void combinesEvidenceOverFramesBlendedToANewFrameRate() {
        Frames clip = embedder.embed(SyntheticFrames.video(Kind.NATURAL, 144, 80, 16, 3), id);
        for (double fps : new double[] {24, 30, 12.5}) {
            Frames blended = Resample.changeRate(clip, 8, fps);
            Detection detection = detector.detect(blended);
            assertDetected(detection, 4, "8 -> %s fps", fps);
            assertThat(detection.framesUsed()).isEqualTo(blended.count());
        }
    }

    @Test
    void readsTheIdUnderTheLargestMostOpaqueVisibleMark() {
        for (Kind kind : Kind.values()) {
            assertDetected(underOverlay(kind, "ACME"), 14, "%s under ACME", kind);
        }
        assertDetected(underOverlay(Kind.NATURAL, "generated by Reelflow"), 14, "under a long text");
    }

    /**
     * Marked frames scaled to 720p with the visible mark composited over them as the encoder does: half the frame
     * wide, opaque, moving between corners over the clip's second.
     */
    private Detection underOverlay(Kind kind, String text) {
        Frames clip = Resample.scale(embedder.embed(SyntheticFrames.video(kind, 144, 80, 8, 6), id), 1280, 720, Filter.BILINEAR);
        Overlay overlay = OverlayBuilder.builder().text(text).position(MarkPosition.MOVING).opacity(1).scale(0.5)
                .outputSize(1280, 720).durationSeconds(1).build();
        byte[] rgb = clip.rgb().clone();
        for (int f = 0; f < clip.count(); f++) {
            Overlay.Placement at = overlay.at(f / 8.0);
            for (int y = 0; y < overlay.height(); y++) {
                for (int x = 0; x < overlay.width(); x++) {
                    int s = (y * overlay.width() + x) * 4;
                    double alpha = (overlay.rgba()[s + 3] & 0xFF) / 255.0;
                    int d = clip.offset(f) + ((at.y() + y) * clip.width() + at.x() + x) * 3;
                    for (int ch = 0; ch < 3; ch++) {
                        rgb[d + ch] = (byte) Math.round(alpha * (overlay.rgba()[s + ch] & 0xFF) + (1 - alpha) * (rgb[d + ch] & 0xFF));
                    }
                }
            }
        }
        return detector.detect(new Frames(clip.width(), clip.height(), clip.count(), rgb));
    }

    @Test
    void anAccumulatorFedFrameByFrameAgreesWithDetectingTheWholeClip() {
        Frames clip = Resample.scale(embedder.embed(SyntheticFrames.video(Kind.NOISE, 144, 80, 5, 4), id), 480, 270, Filter.BILINEAR);
        DetectionAccumulator accumulator = detector.accumulator();
        for (int f = 0; f < clip.count(); f++) {
            // A padded row stride, as decoders hand out.
            int stride = clip.width() * 3 + 16;
            byte[] padded = new byte[stride * clip.height()];
            for (int y = 0; y < clip.height(); y++) {
                System.arraycopy(clip.rgb(), clip.offset(f) + y * clip.width() * 3, padded, y * stride, clip.width() * 3);
            }
            accumulator.addFrame(clip.width(), clip.height(), padded, 0, stride, ChannelOrder.RGB);
        }
        assertThat(accumulator.result()).isEqualTo(detector.detect(clip));
        assertThat(accumulator.frames()).isEqualTo(5);
    }

    /**
     * A brightness gain clips a light background to pure white, which keeps nothing of the mark there; the rest of the
     * frame still carries it, and the clipped part must not make it look like noise to be erased.
     */
    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"FLAT", "GRADIENT", "NATURAL"})
    void readsTheIdFromWhatIsLeftWhenMostOfTheFrameIsClippedToWhite(Kind kind) {
        int width = 256;
        int height = 144;
        Frames marked = embedder.embed(SyntheticFrames.image(kind, width, height, 5), id);
        byte[] rgb = marked.rgb().clone();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (x < width * 0.6 || y < height * 0.2) { // left and top: 68 % of the frame
                    int i = (y * width + x) * 3;
                    rgb[i] = rgb[i + 1] = rgb[i + 2] = (byte) 255;
                }
            }
        }
        assertDetected(detector.detect(new Frames(width, height, 1, rgb)), 16, "%s", kind);
    }

    /** On pure white the mark's positive cells clip at 255; they still stand out from the negative ones around them. */
    @Test
    void readsTheIdFromAPureWhiteBackgroundWhereTheMarksPositiveHalfClips() {
        int width = 256;
        int height = 144;
        byte[] rgb = new byte[width * height * 3];
        java.util.Arrays.fill(rgb, (byte) 255);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (Math.hypot(x - width / 2.0, y - height / 2.0) < height * 0.2) { // a magenta disc
                    int i = (y * width + x) * 3;
                    rgb[i] = (byte) 200;
                    rgb[i + 1] = 40;
                    rgb[i + 2] = (byte) 180;
                }
            }
        }
        assertDetected(detector.detect(embedder.embed(new Frames(width, height, 1, rgb), id)), 1, "white");
    }

    @Test
    void unmarkedContentIsNeverReportedAsDetected() {
        int checked = 0;
        for (int i = 0; i < 240; i++) {
            int[][] sizes = {{128, 128}, {144, 80}, {80, 144}, {112, 112}, {64, 64}, {320, 180}};
            int[] size = sizes[i % sizes.length];
            Frames content = SyntheticFrames.varied(i, size[0], size[1], i % 5 == 0 ? 6 : 1);
            Detection detection = detector.detect(content);
            assertThat(detection.detected()).as("content %d", i).isFalse();
            assertThat(detection.falsePositiveProbability()).as("content %d", i).isGreaterThan(WatermarkDetector.DEFAULT_MAX_FALSE_POSITIVE_PROBABILITY);
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(200);
    }

    @Test
    void anotherKeyFindsNothing() {
        WatermarkDetector stranger = WatermarkDetector.builder().key(WatermarkKey.fromSecret("someone-else")).build();
        for (Kind kind : Kind.values()) {
            Frames marked = embedder.embed(SyntheticFrames.video(kind, 144, 80, 4, 21), id);
            assertThat(detector.detect(marked).detected()).isTrue();
            Detection detection = stranger.detect(marked);
            assertThat(detection.detected()).as("%s", kind).isFalse();
            assertThat(detection.watermarkId()).isNotEqualTo(id);
        }
    }

    @Test
    void refusesAFrameThatDoesNotFitItsBuffer() {
        DetectionAccumulator accumulator = detector.accumulator();
        assertThatThrownBy(() -> accumulator.addFrame(64, 64, new byte[64 * 64 * 3], 3, 64 * 3, ChannelOrder.RGB))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit");
        assertThatThrownBy(() -> accumulator.addFrame(64, 64, new byte[64 * 64 * 3], -1, 64 * 3, ChannelOrder.RGB))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(accumulator.frames()).isZero();
    }

    @Test
    void reportsNothingBeforeAnyFrame() {
        Detection detection = detector.accumulator().result();
        assertThat(detection.detected()).isFalse();
        assertThat(detection.framesUsed()).isZero();
        assertThat(detection.falsePositiveProbability()).isEqualTo(1.0);
    }

    @Test
    void aStricterThresholdNeedsFewerErrors() {
        Frames marked = embedder.embed(SyntheticFrames.image(Kind.NATURAL, 128, 128, 5), id);
        Detection loose = detector.detect(marked);
        WatermarkDetector strict = WatermarkDetector.builder().key(key)
                .maxFalsePositiveProbability(loose.falsePositiveProbability() / 2).build();
        assertThat(loose.detected()).isTrue();
        assertThat(strict.detect(marked).detected()).isFalse();
        assertThat(strict.detect(marked).watermarkId()).isEqualTo(id);
    }

    private void assertDetected(Detection detection, int maxErrors, String what, Object... args) {
        assertThat(detection.detected()).as(what, args).isTrue();
        assertThat(detection.watermarkId()).as(what, args).isEqualTo(id);
        assertThat(detection.correctedBitErrors()).as(what, args).isLessThanOrEqualTo(maxErrors);
        assertThat(detection.falsePositiveProbability()).as(what, args).isLessThanOrEqualTo(1e-9);
    }
}

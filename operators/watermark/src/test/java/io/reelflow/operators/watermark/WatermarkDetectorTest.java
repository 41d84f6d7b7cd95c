package io.reelflow.operators.watermark;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.operators.watermark.Resample.Filter;
import io.reelflow.operators.watermark.SyntheticFrames.Kind;
import io.reelflow.pipeline.Frames;
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

    /** The encoder scales native frames to the requested size, any aspect in between, up or down. */
    @ParameterizedTest
    @CsvSource({
        "128, 128, 2048, 2048, BICUBIC",
        "128, 128, 1024, 1024, BILINEAR",
        "128, 128, 64, 64, AREA",
        "128, 128, 96, 64, AREA",
        "128, 128, 80, 80, AREA",
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

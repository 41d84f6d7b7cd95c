package io.reelflow.operators.watermark;

import io.reelflow.operators.watermark.internal.Quality;
import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.operators.watermark.Resample.Filter;
import io.reelflow.operators.watermark.SyntheticFrames.Kind;
import io.reelflow.pipeline.Frames;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watermark through what the encode stage really does: frames marked at native size, blended to the output
 * frame rate, scaled to the output size, encoded by FFmpeg (H.264 with libopenh264 at 0.15 bits per pixel per frame,
 * or PNG), then decoded and detected as a verifier would. Measurements are printed, not asserted beyond detection.
 */
class WatermarkRobustnessTest {

    private static final double BITS_PER_PIXEL = 0.15;

    private final WatermarkKey key = WatermarkKey.fromSecret(TestClips.SECRET);
    private final WatermarkEmbedder embedder = WatermarkEmbedder.builder().key(key).strength(1.0).build();
    private final WatermarkDetector detector = WatermarkDetector.builder().key(key).build();
    private final String id = key.watermarkId("acme", "clip-7");

    @TempDir
    Path dir;

    @BeforeAll
    static void quietFfmpeg() {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    @Test
    void survivesH264At1080pAfterUpscalingAndFrameBlending() throws Exception {
        Frames clip = SyntheticFrames.video(Kind.NATURAL, 144, 80, 16, 77);
        Detection detection = throughH264(clip, 1920, 1080, Filter.BILINEAR, "landscape.mp4");
        assertThat(detection.framesUsed()).isEqualTo(48);
        assertDetected(detection, "144x80 @ 8 fps -> 1920x1080 @ 24 fps H.264");
    }

    @Test
    void survivesH264InPortraitWithBicubicScaling() throws Exception {
        Frames clip = SyntheticFrames.video(Kind.NOISE, 80, 144, 8, 78);
        assertDetected(throughH264(clip, 1080, 1920, Filter.BICUBIC, "portrait.mp4"), "80x144 @ 8 fps -> 1080x1920 @ 24 fps H.264");
    }

    @Test
    void unmarkedVideoThroughH264IsNotDetected() throws Exception {
        Frames clip = SyntheticFrames.video(Kind.NATURAL, 144, 80, 8, 81);
        Frames blended = Resample.changeRate(clip, 8, 24);
        Path file = dir.resolve("unmarked.mp4");
        FfmpegRoundTrip.writeH264(file, 640, 360, 24, blended.count(), BITS_PER_PIXEL,
                i -> Resample.scaleFrame(blended.rgb(), blended.offset(i), 144, 80, 640, 360, Filter.BILINEAR));
        DetectionAccumulator accumulator = detector.accumulator();
        FfmpegRoundTrip.readInto(file, accumulator);
        Detection detection = accumulator.result();
        assertThat(detection.framesUsed()).isEqualTo(24);
        assertThat(detection.detected()).isFalse();
    }

    @Test
    void survivesAnUpscaledPng() throws Exception {
        assertDetected(throughPng(SyntheticFrames.image(Kind.NATURAL, 128, 128, 79), 2048, 2048, Filter.BICUBIC), "128x128 -> 2048x2048 PNG");
    }

    @Test
    void survivesADownscaledPng() throws Exception {
        assertDetected(throughPng(SyntheticFrames.image(Kind.NATURAL, 128, 128, 80), 64, 64, Filter.AREA), "128x128 -> 64x64 PNG");
    }

    private Detection throughH264(Frames native_, int width, int height, Filter filter, String name) throws Exception {
        Frames marked = embedder.embed(native_, id);
        System.out.printf("PSNR at native size: %.2f dB (worst frame)%n", Quality.worstFramePsnr(native_, marked));
        Frames blended = Resample.changeRate(marked, 8, 24);
        Path file = dir.resolve(name);
        FfmpegRoundTrip.writeH264(file, width, height, 24, blended.count(), BITS_PER_PIXEL,
                i -> Resample.scaleFrame(blended.rgb(), blended.offset(i), blended.width(), blended.height(), width, height, filter));
        DetectionAccumulator accumulator = detector.accumulator();
        FfmpegRoundTrip.readInto(file, accumulator);
        return accumulator.result();
    }

    private Detection throughPng(Frames native_, int width, int height, Filter filter) throws Exception {
        Frames marked = embedder.embed(native_, id);
        Path file = dir.resolve("image.png");
        FfmpegRoundTrip.writePng(file, width, height, Resample.scaleFrame(marked.rgb(), 0, marked.width(), marked.height(), width, height, filter));
        DetectionAccumulator accumulator = detector.accumulator();
        assertThat(FfmpegRoundTrip.readInto(file, accumulator)).isEqualTo(1);
        return accumulator.result();
    }

    private void assertDetected(Detection detection, String what) {
        System.out.printf("%s: detected=%s errors=%d frames=%d fpp=%.2e%n", what, detection.detected(),
                detection.correctedBitErrors(), detection.framesUsed(), detection.falsePositiveProbability());
        assertThat(detection.detected()).as(what).isTrue();
        assertThat(detection.watermarkId()).as(what).isEqualTo(id);
        assertThat(detection.correctedBitErrors()).as(what).isLessThanOrEqualTo(12);
    }
}

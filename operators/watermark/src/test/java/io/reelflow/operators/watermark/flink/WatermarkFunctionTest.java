package io.reelflow.operators.watermark.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.operators.watermark.Logo;
import io.reelflow.operators.watermark.LogoImages;
import io.reelflow.operators.watermark.StoredObjects;
import io.reelflow.operators.watermark.TestClips;
import io.reelflow.operators.watermark.WatermarkDetector;
import io.reelflow.operators.watermark.WatermarkKey;
import io.reelflow.pipeline.Clip;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.Overlay;
import io.reelflow.pipeline.Stages;
import io.reelflow.pipeline.flink.PipelineOutputs;
import io.reelflow.schema.EventType;
import io.reelflow.schema.GenerationEvent;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.MarkPosition;
import io.reelflow.schema.ResultStatus;
import io.reelflow.schema.VisibleMark;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WatermarkFunctionTest {

    private static final String LOGO = "s3://reelflow-inputs/acme/campaigns/spring/logo-0123456789abcdef.png";

    private OneInputStreamOperatorTestHarness<Clip, Clip> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forProcessFunction(
                new WatermarkFunction(TestClips.config(TestClips.tenants(null)), new StoredObjects(Map.of(LOGO, logo()))));
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void emitsTheMarkedClipWithItsIdTimingAndAWatermarkedEvent() throws Exception {
        var request = TestClips.request("acme", "req-9", 1920, 1080).setVisibleMark(TestClips.mark("ACME", MarkPosition.MOVING)).build();
        harness.processElement(TestClips.clip(request, 144, 80, 8, 8), 0L);

        List<Clip> out = harness.extractOutputValues();
        assertThat(out).hasSize(1);
        Clip marked = out.get(0);
        String expected = WatermarkKey.fromSecret(TestClips.SECRET).watermarkId("acme", "req-9");
        assertThat(marked.trace().watermarkId()).isEqualTo(expected);
        assertThat(marked.trace().timingsMs()).containsKey(Stages.WATERMARK);
        assertThat(marked.overlay()).isNotNull();
        assertThat(WatermarkDetector.builder().key(WatermarkKey.fromSecret(TestClips.SECRET)).build()
                .detect(marked.frames()).watermarkId()).isEqualTo(expected);

        List<GenerationEvent> events = values(harness.getSideOutput(PipelineOutputs.EVENTS));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo(EventType.WATERMARKED);
            assertThat(e.getRequestId()).isEqualTo("req-9");
            assertThat(e.getStageMs()).isEqualTo(marked.trace().timingsMs().get(Stages.WATERMARK));
        });
        assertThat(harness.getSideOutput(PipelineOutputs.RESULTS)).isNullOrEmpty();
    }

    @Test
    void aClipThatCannotBeMarkedBecomesAFailedResultAndEventInsteadOfFailingTheJob() throws Exception {
        var request = TestClips.request("acme", "req-10", 640, 360).setVisibleMark(TestClips.mark("x".repeat(99), MarkPosition.TOP_LEFT)).build();
        harness.processElement(TestClips.clip(request, 144, 80, 2, 8), 0L);
        var request2 = TestClips.request("acme", "req-11", 640, 360).build();
        harness.processElement(TestClips.clip(request2, 144, 80, 2, 8), 1L);

        assertThat(harness.extractOutputValues()).extracting(c -> c.trace().requestId()).containsExactly("req-11");
        List<GenerationResult> results = values(harness.getSideOutput(PipelineOutputs.RESULTS));
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.getRequestId()).isEqualTo("req-10");
            assertThat(r.getStatus()).isEqualTo(ResultStatus.FAILED);
            assertThat(r.getErrorCode()).isEqualTo(ErrorCode.WATERMARK_FAILED.name());
            assertThat(r.getErrorMessage()).contains("text");
        });
        assertThat(values(harness.getSideOutput(PipelineOutputs.EVENTS)))
                .extracting(GenerationEvent::getRequestId, GenerationEvent::getType)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("req-10", EventType.FAILED),
                        org.assertj.core.groups.Tuple.tuple("req-11", EventType.WATERMARKED));
    }

    @Test
    void aRequestsOwnLogoIsDrawnInTheCornerItAsksFor() throws Exception {
        var plain = TestClips.request("acme", "r-plain", 640, 360).build();
        var branded = TestClips.request("acme", "r-logo", 640, 360).setVisibleMark(VisibleMark.newBuilder()
                .setText("").setLogoUri(LOGO).setPosition(MarkPosition.BOTTOM_RIGHT).setOpacity(1.0).setScale(0.2)
                .build()).build();
        harness.processElement(TestClips.clip(plain, 144, 80, 1, 0), 0L);
        harness.processElement(TestClips.clip(branded, 144, 80, 1, 0), 1L);

        List<Clip> out = harness.extractOutputValues();
        assertThat(out).extracting(c -> c.trace().requestId()).containsExactly("r-plain", "r-logo");
        assertThat(out.get(0).overlay()).isNull();
        Overlay overlay = out.get(1).overlay();
        // 20% of 640 wide, the logo's 2:1 aspect, 3% of 360 (11 px) from the bottom-right corner.
        assertThat(overlay.width()).isEqualTo(128);
        assertThat(overlay.height()).isEqualTo(64);
        assertThat(overlay.placements()).singleElement()
                .isEqualTo(new Overlay.Placement(0, 640 - 128 - 11, 360 - 64 - 11));

        // The output as the encoder composites it: the logo's pixels are in the corner, and only with the logo.
        byte[] withLogo = composite(plainOutput(), overlay);
        byte[] expected = LogoImages.encode(LogoImages.checkerboard(128, 64, 16), "png");
        int[] region = {640 - 128 - 11, 360 - 64 - 11, 128, 64};
        assertThat(meanDifference(withLogo, rgb(Logo.decode(expected)), region)).isLessThan(2.0);
        assertThat(meanDifference(plainOutput(), rgb(Logo.decode(expected)), region)).isGreaterThan(60.0);
        assertThat(values(harness.getSideOutput(PipelineOutputs.RESULTS))).isEmpty();
    }

    @Test
    void aLogoThatCannotBeUsedRejectsItsRequestWithTheReasonAndTheNextOneGoesOn() throws Exception {
        var missing = TestClips.request("acme", "r-missing", 640, 360).setVisibleMark(VisibleMark.newBuilder()
                .setText("").setLogoUri("s3://reelflow-inputs/acme/nope.png").build()).build();
        harness.processElement(TestClips.clip(missing, 144, 80, 1, 0), 0L);
        harness.processElement(TestClips.clip(TestClips.request("acme", "r-next", 640, 360).build(), 144, 80, 1, 0), 1L);

        assertThat(harness.extractOutputValues()).extracting(c -> c.trace().requestId()).containsExactly("r-next");
        assertThat(values(harness.getSideOutput(PipelineOutputs.RESULTS))).singleElement().satisfies(r -> {
            assertThat(r.getRequestId()).isEqualTo("r-missing");
            assertThat(r.getStatus()).isEqualTo(ResultStatus.REJECTED);
            assertThat(r.getErrorCode()).isEqualTo(ErrorCode.MISSING_INPUT_ASSET.name());
            assertThat(r.getErrorMessage())
                    .isEqualTo("visible_mark.logo_uri: no such object: s3://reelflow-inputs/acme/nope.png");
            assertThat(r.getTimingsMs()).containsKey(Stages.WATERMARK);
        });
    }

    /** A mid-grey 640x360 output frame, RGB. */
    private static byte[] plainOutput() {
        byte[] rgb = new byte[640 * 360 * 3];
        java.util.Arrays.fill(rgb, (byte) 128);
        return rgb;
    }

    /** Straight-alpha "over", as the encode stage draws an overlay on an output frame. */
    private static byte[] composite(byte[] frame, Overlay overlay) {
        Overlay.Placement at = overlay.at(0);
        for (int y = 0; y < overlay.height(); y++) {
            for (int x = 0; x < overlay.width(); x++) {
                int s = (y * overlay.width() + x) * 4;
                int d = ((at.y() + y) * 640 + at.x() + x) * 3;
                double alpha = (overlay.rgba()[s + 3] & 0xFF) / 255.0;
                for (int c = 0; c < 3; c++) {
                    frame[d + c] = (byte) Math.round((overlay.rgba()[s + c] & 0xFF) * alpha + (frame[d + c] & 0xFF) * (1 - alpha));
                }
            }
        }
        return frame;
    }

    private static byte[] rgb(Logo logo) {
        byte[] rgb = new byte[logo.width() * logo.height() * 3];
        for (int i = 0; i < logo.width() * logo.height(); i++) {
            System.arraycopy(logo.rgba(), i * 4, rgb, i * 3, 3);
        }
        return rgb;
    }

    /** Mean absolute difference per channel between the frame's region {x, y, w, h} and an RGB image of its size. */
    private static double meanDifference(byte[] frame, byte[] image, int[] region) {
        long sum = 0;
        for (int y = 0; y < region[3]; y++) {
            for (int x = 0; x < region[2]; x++) {
                for (int c = 0; c < 3; c++) {
                    sum += Math.abs((frame[((region[1] + y) * 640 + region[0] + x) * 3 + c] & 0xFF)
                            - (image[(y * region[2] + x) * 3 + c] & 0xFF));
                }
            }
        }
        return sum / (3.0 * region[2] * region[3]);
    }

    /** The brand logo: a 64x32 red and blue checkerboard of 8-pixel cells. */
    private static byte[] logo() {
        try {
            return LogoImages.encode(LogoImages.checkerboard(64, 32, 8), "png");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static <T> List<T> values(java.util.Collection<StreamRecord<T>> records) {
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }
}

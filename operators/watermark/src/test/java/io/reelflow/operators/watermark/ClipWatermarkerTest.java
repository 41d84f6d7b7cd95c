package io.reelflow.operators.watermark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelflow.config.TenantsConfig;
import io.reelflow.pipeline.Clip;
import io.reelflow.schema.MarkPosition;
import org.junit.jupiter.api.Test;

class ClipWatermarkerTest {

    private static final TenantsConfig.VisibleMarkDefaults ACME_DEFAULT =
            new TenantsConfig.VisibleMarkDefaults("ACME", MarkPosition.TOP_LEFT, 0.4, 0.1);
    private final ClipWatermarker engine = new ClipWatermarker(TestClips.watermarkConfig(), TestClips.tenants(ACME_DEFAULT));
    private final WatermarkKey key = WatermarkKey.fromSecret(TestClips.SECRET);

    @Test
    void marksEveryFrameWithTheRequestsIdAndRecordsItInTheTrace() {
        Clip clip = TestClips.clip(TestClips.request("demo", "r-1", 1920, 1080).build(), 144, 80, 8, 8);
        Clip marked = engine.apply(clip);
        String expected = key.watermarkId("demo", "r-1");
        assertThat(marked.trace().watermarkId()).isEqualTo(expected);
        assertThat(marked.frames().rgb()).isNotEqualTo(clip.frames().rgb());
        assertThat(marked.fps()).isEqualTo(8);
        Detection detection = WatermarkDetector.builder().key(key).build().detect(marked.frames());
        assertThat(detection.detected()).isTrue();
        assertThat(detection.watermarkId()).isEqualTo(expected);
    }

    @Test
    void aReplayProducesTheSameIdFramesAndOverlay() {
        Clip clip = TestClips.clip(TestClips.request("acme", "r-2", 1280, 720).build(), 144, 80, 4, 8);
        Clip first = engine.apply(clip);
        Clip again = new ClipWatermarker(TestClips.watermarkConfig(), TestClips.tenants(ACME_DEFAULT)).apply(clip);
        assertThat(again.trace().watermarkId()).isEqualTo(first.trace().watermarkId());
        assertThat(again.frames().rgb()).isEqualTo(first.frames().rgb());
        assertThat(again.overlay().rgba()).isEqualTo(first.overlay().rgba());
    }

    @Test
    void noVisibleMarkWhenNeitherRequestNorTenantAsks() {
        Clip clip = TestClips.clip(TestClips.request("demo", "r-3", 1920, 1080).build(), 144, 80, 2, 8);
        assertThat(engine.apply(clip).overlay()).isNull();
    }

    @Test
    void theTenantsDefaultMarkAppliesAtTheOutputSize() {
        Clip clip = TestClips.clip(TestClips.request("acme", "r-4", 1920, 1080).build(), 144, 80, 2, 8);
        var overlay = engine.apply(clip).overlay();
        assertThat(overlay.width()).isEqualTo(192);
        assertThat(overlay.placements()).hasSize(1);
        assertThat(overlay.at(0).x()).isEqualTo(overlay.at(0).y()).isEqualTo(32);
    }

    @Test
    void theRequestsOwnMarkWinsAndMovesOverTheClipsDuration() {
        var request = TestClips.request("acme", "r-5", 1080, 1920).setVisibleMark(TestClips.mark("mine", MarkPosition.MOVING)).build();
        // 80 frames at 8 fps: 10 s, so the mark hops every 3 s: at 0, 3, 6 and 9 s.
        var overlay = engine.apply(TestClips.clip(request, 80, 144, 80, 8)).overlay();
        assertThat(overlay.width()).isEqualTo(216);
        assertThat(overlay.placements()).extracting(p -> p.fromSeconds()).containsExactly(0.0, 3.0, 6.0, 9.0);
    }

    @Test
    void anImageGetsAStillMark() {
        var request = TestClips.request("demo", "r-6", 2048, 2048).setVisibleMark(TestClips.mark("mine", MarkPosition.MOVING)).build();
        var overlay = engine.apply(TestClips.clip(request, 128, 128, 1, 0)).overlay();
        assertThat(overlay.placements()).hasSize(1);
    }

    @Test
    void anInvalidMarkFailsTheClip() {
        var request = TestClips.request("demo", "r-7", 640, 360).setVisibleMark(TestClips.mark("x".repeat(80), MarkPosition.TOP_LEFT)).build();
        assertThatThrownBy(() -> engine.apply(TestClips.clip(request, 144, 80, 1, 8))).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.reelflow.operators.watermark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelflow.config.TenantsConfig;
import io.reelflow.pipeline.Clip;
import io.reelflow.schema.MarkPosition;
import org.junit.jupiter.api.Test;

class ClipWatermarkerTest {

    private static final TenantsConfig.VisibleMarkDefaults ACME_DEFAULT =
            new TenantsConfig.VisibleMarkDefaults("ACME", null, MarkPosition.TOP_LEFT, 0.4, 0.1);
    private final ClipWatermarker engine = new ClipWatermarker(TestClips.watermarkConfig(), TestClips.tenants(ACME_DEFAULT));
    private final WatermarkKey key = WatermarkKey.fromSecret(TestClips.SECRET);

    @Test
    void marksEveryFrameWithTheRequestsIdAndRecordsItInTheTrace() {
        Clip clip = TestClips.clip(TestClips.request("demo", "r-1", 1920, 1080).build(), 144, 80, 8, 8);
        Clip marked = engine.mark(clip).clip();
        String expected = key.watermarkId("demo", "r-1");
        assertThat(marked.trace().watermarkId()).isEqualTo(expected);
        assertThat(marked.frames().rgb()).isNotEqualTo(clip.frames().rgb());
        assertThat(marked.fps()).isEqualTo(8);
        Detection detection = WatermarkDetector.builder().key(key).build().detect(marked.frames());
        assertThat(detection.detected()).isTrue();
        assertThat(detection.watermarkId()).isEqualTo(expected);
    }

    @Test
    void aTenantWithItsOwnSecretIsMarkedWithItSoTheDeploymentsKeyReadsNothing() {
        TenantsConfig tenants = new TenantsConfig(java.util.List.of(
                new TenantsConfig.Tenant("demo", java.util.List.of(), null, null, null),
                new TenantsConfig.Tenant("acme", java.util.List.of(), null, "acme-own-secret", null)));
        ClipWatermarker ownKeys = new ClipWatermarker(TestClips.watermarkConfig(), tenants);
        WatermarkKey acmeKey = WatermarkKey.fromSecret("acme-own-secret");

        Clip acme = ownKeys.mark(TestClips.clip(TestClips.request("acme", "r-6", 1280, 720).build(), 144, 80, 4, 8))
                .clip();
        assertThat(acme.trace().watermarkId()).isEqualTo(acmeKey.watermarkId("acme", "r-6"))
                .isNotEqualTo(key.watermarkId("acme", "r-6"));
        assertThat(WatermarkDetector.builder().key(acmeKey).build().detect(acme.frames()).watermarkId())
                .isEqualTo(acme.trace().watermarkId());
        assertThat(WatermarkDetector.builder().key(key).build().detect(acme.frames()).detected()).isFalse();

        Clip demo = ownKeys.mark(TestClips.clip(TestClips.request("demo", "r-6", 1280, 720).build(), 144, 80, 4, 8))
                .clip();
        assertThat(WatermarkDetector.builder().key(key).build().detect(demo.frames()).watermarkId())
                .isEqualTo(key.watermarkId("demo", "r-6"));
    }

    @Test
    void aBlankTenantSecretFailsAtStartUpNamingTheTenant() {
        TenantsConfig tenants = new TenantsConfig(java.util.List.of(
                new TenantsConfig.Tenant("acme", java.util.List.of(), null, " ", null)));
        assertThatThrownBy(() -> new ClipWatermarker(TestClips.watermarkConfig(), tenants))
                .hasMessageContaining("tenant acme").hasMessageContaining("watermark-secret");
    }

    @Test
    void aReplayProducesTheSameIdFramesAndOverlay() {
        Clip clip = TestClips.clip(TestClips.request("acme", "r-2", 1280, 720).build(), 144, 80, 4, 8);
        Clip first = engine.mark(clip).clip();
        Clip again = new ClipWatermarker(TestClips.watermarkConfig(), TestClips.tenants(ACME_DEFAULT)).mark(clip).clip();
        assertThat(again.trace().watermarkId()).isEqualTo(first.trace().watermarkId());
        assertThat(again.frames().rgb()).isEqualTo(first.frames().rgb());
        assertThat(again.overlay().rgba()).isEqualTo(first.overlay().rgba());
    }

    @Test
    void noVisibleMarkWhenNeitherRequestNorTenantAsks() {
        Clip clip = TestClips.clip(TestClips.request("demo", "r-3", 1920, 1080).build(), 144, 80, 2, 8);
        assertThat(engine.mark(clip).clip().overlay()).isNull();
    }

    @Test
    void theTenantsDefaultMarkAppliesAtTheOutputSize() {
        Clip clip = TestClips.clip(TestClips.request("acme", "r-4", 1920, 1080).build(), 144, 80, 2, 8);
        var overlay = engine.mark(clip).clip().overlay();
        assertThat(overlay.width()).isEqualTo(192);
        assertThat(overlay.placements()).hasSize(1);
        assertThat(overlay.at(0).x()).isEqualTo(overlay.at(0).y()).isEqualTo(32);
    }

    @Test
    void theRequestsOwnMarkWinsAndMovesOverTheClipsDuration() {
        var request = TestClips.request("acme", "r-5", 1080, 1920).setVisibleMark(TestClips.mark("mine", MarkPosition.MOVING)).build();
        // 80 frames at 8 fps: 10 s, so the mark hops every 3 s: at 0, 3, 6 and 9 s.
        var overlay = engine.mark(TestClips.clip(request, 80, 144, 80, 8)).clip().overlay();
        assertThat(overlay.width()).isEqualTo(216);
        assertThat(overlay.placements()).extracting(p -> p.fromSeconds()).containsExactly(0.0, 3.0, 6.0, 9.0);
    }

    @Test
    void anImageGetsAStillMark() {
        var request = TestClips.request("demo", "r-6", 2048, 2048).setVisibleMark(TestClips.mark("mine", MarkPosition.MOVING)).build();
        var overlay = engine.mark(TestClips.clip(request, 128, 128, 1, 0)).clip().overlay();
        assertThat(overlay.placements()).hasSize(1);
    }

    @Test
    void naturalContentKeepsTheConfiguredStrengthAndPsnrAbove40Db() {
        Clip clip = TestClips.clip(TestClips.request("demo", "r-8", 1920, 1080).build(), 144, 80, 8, 8);
        ClipWatermarker.Marked marked = engine.mark(clip);
        assertThat(marked.strength()).isEqualTo(1.0);
        assertThat(marked.psnrDb()).isGreaterThanOrEqualTo(40);
    }

    @Test
    void noiseLikeContentGetsAStrongerMarkThatStillReadsBack() {
        // Saturated salt-and-pepper noise, what an untrained model produces: too busy for a 40 dB mark to be read.
        java.util.Random random = new java.util.Random(7);
        byte[] rgb = new byte[128 * 128 * 3];
        for (int i = 0; i < rgb.length; i++) {
            int v = (int) Math.round(127.5 + 110 * random.nextGaussian());
            rgb[i] = (byte) Math.max(0, Math.min(255, v));
        }
        Clip noise = TestClips.clip(TestClips.request("demo", "r-9", 512, 512).build(), 128, 128, 1, 0)
                .withFrames(new io.reelflow.pipeline.Frames(128, 128, 1, rgb));

        ClipWatermarker.Marked marked = engine.mark(noise);

        assertThat(marked.strength()).isGreaterThan(1.0);
        Detection detection = WatermarkDetector.builder().key(key).build().detect(marked.clip().frames());
        assertThat(detection.watermarkId()).isEqualTo(key.watermarkId("demo", "r-9"));
        assertThat(detection.correctedBitErrors()).isLessThanOrEqualTo(4);
    }

    @Test
    void anInvalidMarkFailsTheClip() {
        var request = TestClips.request("demo", "r-7", 640, 360).setVisibleMark(TestClips.mark("x".repeat(80), MarkPosition.TOP_LEFT)).build();
        assertThatThrownBy(() -> engine.mark(TestClips.clip(request, 144, 80, 1, 8))).isInstanceOf(IllegalArgumentException.class);
    }
}

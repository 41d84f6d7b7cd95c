package io.reelflow.operators.campaign.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.reelflow.model.ModelManifest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CampaignPlanTest {

    @TempDir
    Path dir;

    private static final ModelManifest MODEL = Specs.CATALOG.find("reelflow-dit-xs").orElseThrow();
    private static final DeviceCostModel COST = new DeviceCostModel(0.02);

    private static final String SPEC = """
            campaign: spring
            tenant: demo
            templates:
              table: "{product} on a {season} table"
              hero: "close-up of {product}"
            variables:
              product: [teapot, jug, basket]
              season: [spring, summer]
            cross: [product, season]
            formats:
              square: image 2048x2048
              landscape: video 1920x1080 10s
              portrait: {output: video 1080x1920 1s, steps: 10, fps: 30}
            """;

    @Test
    void windowsAreCountedAsTheGenerateStagePlansThem() {
        // the reference model: 8 native fps, windows of 8 frames, each after the first seeing 2 of the last
        assertThat(COST.estimate(format("image 512x512 "), MODEL))
                .isEqualTo(new DeviceCostModel.Estimate(1, 1, 24, 24 * 0.02));
        assertThat(COST.estimate(format("video 1280x720 1s"), MODEL).windows()).isEqualTo(1);
        assertThat(COST.estimate(format("video 1280x720 1.1s"), MODEL).windows()).isEqualTo(2); // 9 frames
        assertThat(COST.estimate(format("video 1920x1080 10s"), MODEL))
                .isEqualTo(new DeviceCostModel.Estimate(80, 1 + 12, 24, 13 * 24 * 0.02));
        assertThat(COST.estimate(format("video 1920x1080 60s"), MODEL).windows()).isEqualTo(1 + 79);
        assertThatThrownBy(() -> new DeviceCostModel(0)).hasMessageContaining("generation.window-step-seconds");
    }

    @Test
    void countsAndDeviceTimeByFormatAndTemplate() {
        CampaignPlan plan = CampaignPlan.of(Specs.campaign(dir, SPEC), MODEL, COST);

        double square = 24 * 0.02;
        double landscape = 13 * 24 * 0.02;
        double portrait = 10 * 0.02;
        int variants = 6 + 3;
        assertThat(plan.outputs()).hasSize(variants * 3);
        assertThat(plan.byFormat()).extracting(CampaignPlan.Group::name).containsExactly("square", "landscape", "portrait");
        assertThat(plan.byFormat()).extracting(CampaignPlan.Group::outputs).containsExactly(variants, variants, variants);
        assertThat(plan.byFormat().get(0).pixelFrames()).isEqualTo(variants * 2048L * 2048);
        assertThat(plan.byFormat().get(1).pixelFrames()).isEqualTo(variants * 1920L * 1080 * 240);
        assertThat(plan.byFormat().get(2).pixelFrames()).isEqualTo(variants * 1080L * 1920 * 30);
        assertThat(plan.byFormat().get(1).deviceSeconds()).isCloseTo(variants * landscape, within(1e-9));
        assertThat(plan.byTemplate()).extracting(CampaignPlan.Group::name, CampaignPlan.Group::outputs)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("table", 18), org.assertj.core.groups.Tuple.tuple("hero", 9));
        assertThat(plan.deviceSeconds()).isCloseTo(variants * (square + landscape + portrait), within(1e-9));
        assertThat(plan.leftOut()).isEmpty();
        assertThat(plan.coveredDeviceSeconds()).isEqualTo(plan.deviceSeconds());
    }

    @Test
    void theBudgetCoversOutputsInOrderUpToTheFirstThatWouldGoOver() {
        CampaignPlan byCount = CampaignPlan.of(Specs.campaign(dir, SPEC + "budget: {max-outputs: 5}\n"), MODEL, COST);
        assertThat(byCount.covered()).hasSize(5);
        assertThat(byCount.leftOut()).hasSize(27 - 5);
        assertThat(byCount.leftOut().get(0).output().key().path()).isEqualTo("spring/portrait/table-teapot_summer");

        // one variant costs 0.48 + 6.24 + 0.2 = 6.92 s: 20 s covers two variants and the next square image
        CampaignPlan bySeconds = CampaignPlan.of(Specs.campaign(dir, SPEC + "budget: {max-device-seconds: 20}\n"), MODEL, COST);
        assertThat(bySeconds.covered()).hasSize(7);
        assertThat(bySeconds.coveredDeviceSeconds()).isCloseTo(2 * 6.92 + 0.48, within(1e-9));
        assertThat(bySeconds.leftOut().get(0).output().key().path()).isEqualTo("spring/landscape/table-jug_spring");
    }

    private static FormatSpec format(String output) {
        String[] parts = output.trim().split(" ");
        String[] size = parts[1].split("x");
        boolean video = parts[0].equals("video");
        return new FormatSpec("f", video ? io.reelflow.schema.GenerationMode.TEXT_TO_VIDEO
                : io.reelflow.schema.GenerationMode.TEXT_TO_IMAGE, Integer.parseInt(size[0]), Integer.parseInt(size[1]),
                video ? Double.valueOf(parts[2].replace("s", "")) : null, video ? 24 : null, 24, null, null,
                new SeedPolicy.PerVariant());
    }
}

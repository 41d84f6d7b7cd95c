package io.reelflow.operators.watermark.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelflow.config.TenantsConfig;
import io.reelflow.operators.watermark.TestClips;
import io.reelflow.operators.watermark.WatermarkKey;
import io.reelflow.pipeline.AssetReader;
import io.reelflow.pipeline.Clip;
import io.reelflow.pipeline.flink.StageStreams;
import io.reelflow.schema.EventType;
import io.reelflow.schema.GenerationEvent;
import io.reelflow.schema.MarkPosition;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

class WatermarkStageTest {

    @Test
    void runsAsANamedOperatorWithItsSideOutputsOnAMiniCluster() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        Clip good = TestClips.clip(TestClips.request("acme", "ok-1", 1280, 720)
                .setVisibleMark(TestClips.mark("ACME", MarkPosition.MOVING)).build(), 144, 80, 4, 8);
        Clip bad = TestClips.clip(TestClips.request("acme", "bad-1", 1280, 720)
                .setVisibleMark(TestClips.mark("x".repeat(70), MarkPosition.TOP_LEFT)).build(), 144, 80, 1, 8);

        StageStreams<Clip> stage = WatermarkStage.apply(
                env.fromData(TypeInformation.of(Clip.class), good, bad), TestClips.config(TestClips.tenants(null)), AssetReader.Factory.none());

        assertThat(stage.main().getTransformation().getName()).isEqualTo("watermark");
        assertThat(stage.main().getTransformation().getUid()).isEqualTo("reelflow-watermark");
        CloseableIterator<Clip> main = stage.main().collectAsync();
        CloseableIterator<GenerationEvent> events = stage.events().collectAsync();
        CloseableIterator<?> results = stage.results().collectAsync();
        env.execute("watermark-stage-test");

        List<Clip> marked = drain(main);
        assertThat(marked).singleElement().satisfies(clip -> {
            assertThat(clip.trace().watermarkId()).isEqualTo(WatermarkKey.fromSecret(TestClips.SECRET).watermarkId("acme", "ok-1"));
            assertThat(clip.overlay().placements()).hasSize(2);
        });
        assertThat(drain(events)).extracting(GenerationEvent::getRequestId, GenerationEvent::getType)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("ok-1", EventType.WATERMARKED),
                        org.assertj.core.groups.Tuple.tuple("bad-1", EventType.FAILED));
        assertThat(drain(results)).hasSize(1);
    }

    @Test
    void aTenantLogoThatCannotBeReadFailsWhenTheJobIsDefined() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        var tenants = TestClips.tenants(new TenantsConfig.VisibleMarkDefaults(null, "/nowhere/acme-logo.png",
                MarkPosition.MOVING, 0.6, 0.15));
        assertThatThrownBy(() -> WatermarkStage.apply(env.fromData(TypeInformation.of(Clip.class),
                TestClips.clip(TestClips.request("acme", "r", 640, 360).build(), 144, 80, 1, 8)),
                TestClips.config(tenants), AssetReader.Factory.none()))
                .hasMessageContaining("acme-logo.png");
    }

    private static <T> List<T> drain(CloseableIterator<T> iterator) throws Exception {
        List<T> items = new ArrayList<>();
        try (iterator) {
            iterator.forEachRemaining(items::add);
        }
        return items;
    }
}

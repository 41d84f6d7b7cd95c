package io.reelflow.operators.generate.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.generate.TestRequests;
import io.reelflow.pipeline.Clip;
import io.reelflow.pipeline.Trace;
import io.reelflow.pipeline.flink.StageStreams;
import io.reelflow.schema.EventType;
import io.reelflow.schema.GenerationEvent;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ResultStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

class GenerateStageTest {

    @Test
    void runsAsNamedOperatorsWithSideOutputsOnAMiniCluster() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        Trace image = TestRequests.trace(TestRequests.image("stage-ok", 1080, 1920).setSeed(5L).build());
        Trace late = TestRequests.trace(TestRequests.image("stage-late", 256, 256)
                .setDeadline(Instant.parse("2020-01-01T00:00:00Z")).build());

        StageStreams<Clip> stage = GenerateStage.apply(
                env.fromData(TypeInformation.of(Trace.class), image, late), ReelflowConfig.defaults());

        assertThat(stage.main().getTransformation().getName()).isEqualTo("generate-route");
        assertThat(stage.main().getTransformation().getUid()).isEqualTo("reelflow-generate-route");
        CloseableIterator<Clip> clips = stage.main().collectAsync();
        CloseableIterator<GenerationResult> results = stage.results().collectAsync();
        CloseableIterator<GenerationEvent> events = stage.events().collectAsync();
        env.execute("generate-stage-test");

        assertThat(drain(clips)).singleElement().satisfies(clip -> {
            assertThat(clip.trace().requestId()).isEqualTo("stage-ok");
            assertThat(clip.frames().width()).isEqualTo(20);
            assertThat(clip.frames().height()).isEqualTo(36);
            assertThat(clip.trace().model().getTrained()).isEqualTo(TestRequests.referenceModel().manifest().trained());
        });
        assertThat(drain(results)).extracting(GenerationResult::getRequestId, GenerationResult::getStatus)
                .containsExactly(tuple("stage-late", ResultStatus.EXPIRED));
        assertThat(drain(events)).extracting(GenerationEvent::getRequestId, GenerationEvent::getType)
                .containsExactlyInAnyOrder(tuple("stage-ok", EventType.QUEUED), tuple("stage-ok", EventType.GENERATED),
                        tuple("stage-late", EventType.EXPIRED));
    }

    private static <T> List<T> drain(CloseableIterator<T> iterator) throws Exception {
        List<T> items = new ArrayList<>();
        try (iterator) {
            iterator.forEachRemaining(items::add);
        }
        return items;
    }
}

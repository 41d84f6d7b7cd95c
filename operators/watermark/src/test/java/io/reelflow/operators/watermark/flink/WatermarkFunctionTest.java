package io.reelflow.operators.watermark.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.operators.watermark.TestClips;
import io.reelflow.operators.watermark.WatermarkDetector;
import io.reelflow.operators.watermark.WatermarkKey;
import io.reelflow.pipeline.Clip;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.Stages;
import io.reelflow.pipeline.flink.PipelineOutputs;
import io.reelflow.schema.EventType;
import io.reelflow.schema.GenerationEvent;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.MarkPosition;
import io.reelflow.schema.ResultStatus;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WatermarkFunctionTest {

    private OneInputStreamOperatorTestHarness<Clip, Clip> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forProcessFunction(new WatermarkFunction(TestClips.config(TestClips.tenants(null))));
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

    private static <T> List<T> values(java.util.Collection<StreamRecord<T>> records) {
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }
}

package io.reelflow.operators.generate.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.reelflow.operators.generate.GenerateOutcome;
import io.reelflow.operators.generate.TestRequests;
import io.reelflow.pipeline.Clip;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.Frames;
import io.reelflow.pipeline.Rejection;
import io.reelflow.pipeline.Stages;
import io.reelflow.pipeline.Trace;
import io.reelflow.pipeline.flink.PipelineOutputs;
import io.reelflow.schema.EventType;
import io.reelflow.schema.GenerationEvent;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ModelInfo;
import io.reelflow.schema.ResultStatus;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class GenerateRouterTest {

    @Test
    void aGeneratedClipGoesDownstreamWithQueuedAndGeneratedEvents() throws Exception {
        Trace trace = TestRequests.trace(TestRequests.video("ok", 1920, 1080, 1).build())
                .timed(Stages.QUEUE, 15)
                .withGeneration(42L, new ModelInfo(TestRequests.MODEL, false, null))
                .timed(Stages.SAMPLE, 900);
        Clip clip = new Clip(trace, Frames.blank(144, 80, 8), 8, null);

        try (OneInputStreamOperatorTestHarness<GenerateOutcome, Clip> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new GenerateRouter())) {
            harness.processElement(new GenerateOutcome.Generated(clip), 0L);

            assertThat(harness.extractOutputValues()).singleElement().satisfies(out -> {
                assertThat(out.trace().requestId()).isEqualTo("ok");
                assertThat(out.frames().rgb()).isEqualTo(clip.frames().rgb());
                assertThat(out.fps()).isEqualTo(8.0);
            });
            assertThat(values(harness.getSideOutput(PipelineOutputs.EVENTS)))
                    .extracting(GenerationEvent::getType, GenerationEvent::getStageMs)
                    .containsExactly(tuple(EventType.QUEUED, 15L), tuple(EventType.GENERATED, 900L));
            assertThat(values(harness.getSideOutput(PipelineOutputs.EVENTS)).get(1).getMessage())
                    .contains("seed 42", "untrained");
            assertThat(harness.getSideOutput(PipelineOutputs.RESULTS)).isNull();
        }
    }

    @Test
    void anEndedRequestBecomesAResultAndAnEventOnly() throws Exception {
        Trace trace = TestRequests.trace(TestRequests.image("late", 256, 256).build()).timed(Stages.QUEUE, 30);
        GenerateOutcome expired = new GenerateOutcome.Ended(trace, ResultStatus.EXPIRED,
                Rejection.of(ErrorCode.DEADLINE_EXCEEDED, "deadline passed"));
        GenerateOutcome failed = new GenerateOutcome.Ended(trace, ResultStatus.FAILED,
                Rejection.of(ErrorCode.GENERATION_TIMEOUT, "too slow"));

        try (OneInputStreamOperatorTestHarness<GenerateOutcome, Clip> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new GenerateRouter())) {
            harness.processElement(expired, 0L);
            harness.processElement(failed, 0L);

            assertThat(harness.extractOutputValues()).isEmpty();
            assertThat(values(harness.getSideOutput(PipelineOutputs.RESULTS)))
                    .extracting(GenerationResult::getStatus, GenerationResult::getErrorCode, GenerationResult::getRequestId)
                    .containsExactly(tuple(ResultStatus.EXPIRED, "DEADLINE_EXCEEDED", "late"),
                            tuple(ResultStatus.FAILED, "GENERATION_TIMEOUT", "late"));
            assertThat(values(harness.getSideOutput(PipelineOutputs.EVENTS)))
                    .extracting(GenerationEvent::getType, GenerationEvent::getMessage)
                    .containsExactly(tuple(EventType.EXPIRED, "DEADLINE_EXCEEDED: deadline passed"),
                            tuple(EventType.FAILED, "GENERATION_TIMEOUT: too slow"));
        }
    }

    private static <T> List<T> values(Queue<StreamRecord<T>> records) {
        return Objects.requireNonNull(records).stream().map(StreamRecord::getValue).toList();
    }
}

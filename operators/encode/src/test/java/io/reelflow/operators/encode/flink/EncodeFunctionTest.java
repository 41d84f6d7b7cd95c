package io.reelflow.operators.encode.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.config.ConfigLoader;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.encode.TestClips;
import io.reelflow.pipeline.Clip;
import io.reelflow.pipeline.Encoded;
import io.reelflow.pipeline.Stages;
import io.reelflow.pipeline.flink.PipelineOutputs;
import io.reelflow.schema.EventType;
import io.reelflow.schema.GenerationEvent;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ResultStatus;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class EncodeFunctionTest {

    private static final Clip VIDEO =
            TestClips.clip(TestClips.video(64, 64, 24, 6), TestClips.scene(112, 112, 2), 8, null);

    @Test
    void encodedClipIsEmittedWithAnEncodedEvent() throws Exception {
        try (OneInputStreamOperatorTestHarness<Clip, Encoded> harness = harness(ReelflowConfig.defaults())) {
            harness.processElement(VIDEO, 1L);

            List<Encoded> out = harness.extractOutputValues();
            assertThat(out).hasSize(1);
            assertThat(out.get(0).files()).extracting(f -> f.name()).containsExactly("output.mp4", "poster.png");
            assertThat(out.get(0).trace().timingsMs()).containsKey(Stages.ENCODE);
            List<GenerationEvent> events = values(harness.getSideOutput(PipelineOutputs.EVENTS));
            assertThat(events).hasSize(1);
            assertThat(events.get(0).getType()).isEqualTo(EventType.ENCODED);
            assertThat(events.get(0).getRequestId()).isEqualTo(VIDEO.trace().requestId());
            assertThat(events.get(0).getStageMs()).isEqualTo(out.get(0).trace().timingsMs().get(Stages.ENCODE));
            assertThat(harness.getSideOutput(PipelineOutputs.RESULTS)).isNullOrEmpty();
        }
    }

    @Test
    void failedEncodeBecomesFailedResultAndEventWithoutMainOutput() throws Exception {
        ReelflowConfig unknownCodec = ConfigLoader.builder().set("encode.video-codec", "nope264").build();
        try (OneInputStreamOperatorTestHarness<Clip, Encoded> harness = harness(unknownCodec)) {
            harness.processElement(VIDEO, 1L);

            assertThat(harness.extractOutputValues()).isEmpty();
            List<GenerationResult> results = values(harness.getSideOutput(PipelineOutputs.RESULTS));
            assertThat(results).hasSize(1);
            assertThat(results.get(0).getStatus()).isEqualTo(ResultStatus.FAILED);
            assertThat(results.get(0).getErrorCode()).isEqualTo("ENCODE_FAILED");
            assertThat(results.get(0).getErrorMessage()).contains("nope264");
            assertThat(results.get(0).getTimingsMs()).containsKey(Stages.ENCODE);
            List<GenerationEvent> events = values(harness.getSideOutput(PipelineOutputs.EVENTS));
            assertThat(events).extracting(GenerationEvent::getType).containsExactly(EventType.FAILED);
            assertThat(events.get(0).getMessage()).startsWith("ENCODE_FAILED").contains("nope264");
        }
    }

    private static OneInputStreamOperatorTestHarness<Clip, Encoded> harness(ReelflowConfig config) throws Exception {
        OneInputStreamOperatorTestHarness<Clip, Encoded> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new EncodeFunction(config));
        harness.open();
        return harness;
    }

    private static <T> List<T> values(java.util.Collection<StreamRecord<T>> records) {
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }
}

package io.reelflow.operators.decode.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.operators.decode.DecodedRequest;
import io.reelflow.operators.decode.Requests;
import io.reelflow.pipeline.RawRequest;
import io.reelflow.pipeline.flink.PipelineOutputs;
import io.reelflow.schema.DeadLetter;
import io.reelflow.schema.EventType;
import io.reelflow.schema.GenerationEvent;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ResultStatus;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DecodeFunctionTest {

    private OneInputStreamOperatorTestHarness<RawRequest, DecodedRequest> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forProcessFunction(new DecodeFunction(Requests.config()));
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void validRequestsGoOnWithNoSideOutputs() throws Exception {
        harness.processElement(Requests.raw(Requests.video().avro()), 1L);
        harness.processElement(Requests.raw(Requests.image().with(b -> b.setRequestId("req-0002")).json()), 2L);

        assertThat(harness.extractOutputValues()).extracting(d -> d.trace().requestId()).containsExactly("req-0001", "req-0002");
        assertThat(harness.getSideOutput(PipelineOutputs.DEAD_LETTERS)).isNull();
        assertThat(harness.getSideOutput(PipelineOutputs.RESULTS)).isNull();
    }

    @Test
    void rejectionsBecomeDeadLetterResultAndEvent() throws Exception {
        byte[] tooWide = Requests.video().with(b -> b.setWidth(1920).setHeight(1920)).json();
        byte[] garbage = {0x7F, 0x45, 0x4C, 0x46};
        harness.processElement(Requests.raw(tooWide), 1L);
        harness.processElement(Requests.raw(garbage), 2L);

        assertThat(harness.extractOutputValues()).isEmpty();
        List<DeadLetter> letters = values(harness.getSideOutput(PipelineOutputs.DEAD_LETTERS));
        List<GenerationResult> results = values(harness.getSideOutput(PipelineOutputs.RESULTS));
        List<GenerationEvent> events = values(harness.getSideOutput(PipelineOutputs.EVENTS));

        assertThat(letters).extracting(DeadLetter::getErrorCode).containsExactly("OUT_OF_RANGE", "MALFORMED_PAYLOAD");
        assertThat(letters.get(0).getPayload()).isEqualTo(ByteBuffer.wrap(tooWide));
        assertThat(letters.get(1).getPayload()).isEqualTo(ByteBuffer.wrap(garbage));
        assertThat(letters.get(0).getRequestId()).isEqualTo("req-0001");
        assertThat(letters.get(1).getRequestId()).isNull();
        assertThat(letters.get(0).getSourceTopic()).isEqualTo(Requests.SOURCE.topic());
        assertThat(letters.get(0).getSourceOffset()).isEqualTo(Requests.SOURCE.offset());

        assertThat(results).extracting(GenerationResult::getStatus).containsOnly(ResultStatus.REJECTED);
        assertThat(results).extracting(GenerationResult::getRequestId).containsExactly("req-0001", "");
        assertThat(results.get(0).getErrorMessage()).contains("1920x1920");

        assertThat(events).extracting(GenerationEvent::getType).containsOnly(EventType.REJECTED);
        assertThat(events.get(0).getMessage()).startsWith("OUT_OF_RANGE: video size 1920x1920");
        assertThat(events.get(1).getTenantId()).isEmpty();
    }

    static <T> List<T> values(java.util.Collection<StreamRecord<T>> records) {
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }
}

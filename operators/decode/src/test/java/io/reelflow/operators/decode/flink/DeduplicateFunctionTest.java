package io.reelflow.operators.decode.flink;

import static io.reelflow.operators.decode.flink.DecodeFunctionTest.values;
import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.operators.decode.DecodeOutcome;
import io.reelflow.operators.decode.DecodedRequest;
import io.reelflow.operators.decode.RequestDecoder;
import io.reelflow.operators.decode.Requests;
import io.reelflow.pipeline.Trace;
import io.reelflow.pipeline.flink.PipelineOutputs;
import io.reelflow.schema.DeadLetter;
import io.reelflow.schema.EventType;
import io.reelflow.schema.GenerationEvent;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ResultStatus;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class DeduplicateFunctionTest {

    private static final Duration RETENTION = Duration.ofDays(7);
    private final RequestDecoder decoder = RequestDecoder.builder().config(Requests.config()).build();

    @Test
    void firstOccurrencePassesLaterOnesAreDeadLetteredWithTheirOwnBytes() throws Exception {
        try (var harness = open()) {
            DecodedRequest first = decode(Requests.video().avro());
            DecodedRequest again = decode(Requests.video().json()); // same id, different bytes

            harness.processElement(first, 1L);
            harness.processElement(again, 2L);

            assertThat(harness.extractOutputValues()).extracting(Trace::requestId).containsExactly("req-0001");
            List<GenerationEvent> events = values(harness.getSideOutput(PipelineOutputs.EVENTS));
            assertThat(events).extracting(GenerationEvent::getType).containsExactly(EventType.ACCEPTED, EventType.REJECTED);
            assertThat(events.get(0).getStageMs()).isEqualTo(first.trace().timingsMs().get("decode"));
            assertThat(events.get(1).getMessage()).startsWith("DUPLICATE_REQUEST: request_id req-0001 of tenant demo");

            DeadLetter letter = values(harness.getSideOutput(PipelineOutputs.DEAD_LETTERS)).get(0);
            assertThat(letter.getErrorCode()).isEqualTo("DUPLICATE_REQUEST");
            assertThat(letter.getPayload()).isEqualTo(ByteBuffer.wrap(again.raw().payload()));
            GenerationResult result = values(harness.getSideOutput(PipelineOutputs.RESULTS)).get(0);
            assertThat(result.getStatus()).isEqualTo(ResultStatus.REJECTED);
            assertThat(result.getRequestId()).isEqualTo("req-0001");
            assertThat(result.getErrorCode()).isEqualTo("DUPLICATE_REQUEST");
        }
    }

    @Test
    void requestIdsAreUniquePerTenant() throws Exception {
        try (var harness = open()) {
            harness.processElement(decode(Requests.image().avro()), 1L);
            harness.processElement(decode(Requests.image().with(b -> b.setTenantId("acme")).avro()), 2L);
            harness.processElement(decode(Requests.image().with(b -> b.setRequestId("req-0002")).avro()), 3L);

            assertThat(harness.extractOutputValues()).extracting(Trace::tenantId, Trace::requestId)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("demo", "req-0001"),
                            org.assertj.core.groups.Tuple.tuple("acme", "req-0001"),
                            org.assertj.core.groups.Tuple.tuple("demo", "req-0002"));
            assertThat(harness.getSideOutput(PipelineOutputs.DEAD_LETTERS)).isNull();
        }
    }

    @Test
    void aDuplicateAfterRestoreIsStillCaught() throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness = open()) {
            harness.processElement(decode(Requests.video().avro()), 1L);
            snapshot = harness.snapshot(1L, 10L);
        }

        try (var restored = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new DeduplicateFunction(RETENTION)), new DeduplicateFunction.ByRequestKey(), Types.STRING)) {
            restored.setup();
            restored.initializeState(snapshot);
            restored.open();
            restored.processElement(decode(Requests.video().json()), 20L);
            restored.processElement(decode(Requests.video().with(b -> b.setRequestId("req-0002")).avro()), 21L);

            assertThat(restored.extractOutputValues()).extracting(Trace::requestId).containsExactly("req-0002");
            assertThat(values(restored.getSideOutput(PipelineOutputs.DEAD_LETTERS)))
                    .extracting(DeadLetter::getRequestId, DeadLetter::getErrorCode)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("req-0001", "DUPLICATE_REQUEST"));
        }
    }

    @Test
    void idsAreForgottenAfterTheRetention() throws Exception {
        try (var harness = open()) {
            harness.setStateTtlProcessingTime(0);
            harness.processElement(decode(Requests.image().avro()), 1L);
            harness.setStateTtlProcessingTime(RETENTION.toMillis() - 1);
            harness.processElement(decode(Requests.image().avro()), 2L);
            harness.setStateTtlProcessingTime(RETENTION.toMillis() + 1);
            harness.processElement(decode(Requests.image().avro()), 3L);

            assertThat(harness.extractOutputValues()).hasSize(2);
            assertThat(harness.getSideOutput(PipelineOutputs.DEAD_LETTERS)).hasSize(1);
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, DecodedRequest, Trace> open() throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new DeduplicateFunction(RETENTION), new DeduplicateFunction.ByRequestKey(), Types.STRING);
    }

    private DecodedRequest decode(byte[] payload) {
        return ((DecodeOutcome.Accepted) decoder.decode(Requests.raw(payload))).request();
    }
}

package io.reelflow.operators.generate.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.generate.GenerateOutcome;
import io.reelflow.operators.generate.GenerationEngine;
import io.reelflow.operators.generate.GenerationEngines;
import io.reelflow.operators.generate.TestRequests;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.RawRequest;
import io.reelflow.pipeline.SourceRef;
import io.reelflow.pipeline.Trace;
import io.reelflow.pipeline.flink.PipelineOutputs;
import io.reelflow.schema.ControlAction;
import io.reelflow.schema.ControlCommand;
import io.reelflow.schema.DeadLetter;
import io.reelflow.schema.EventType;
import io.reelflow.schema.GenerationEvent;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ResultStatus;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class ControlStageTest {

    private static final Instant NOW = Instant.parse("2026-11-25T09:00:00Z");

    @Test
    void aCanceledRequestEndsCanceledAtTheRelayAndOthersPass() throws Exception {
        try (BroadcastOperatorTestHarness<Trace, ControlCommand, Trace> harness = relay()) {
            harness.processBroadcastElement(cancel("gone", NOW), 1L);
            harness.processElement(TestRequests.trace(TestRequests.image("gone", 256, 256).build()), 2L);
            harness.processElement(TestRequests.trace(TestRequests.image("kept", 256, 256).build()), 3L);

            assertThat(harness.extractOutputValues()).extracting(Trace::requestId).containsExactly("kept");
            assertThat(harness.getSideOutput(PipelineOutputs.RESULTS)).extracting(StreamRecord::getValue)
                    .singleElement().satisfies(result -> {
                        assertThat(((GenerationResult) result).getRequestId()).isEqualTo("gone");
                        assertThat(((GenerationResult) result).getStatus()).isEqualTo(ResultStatus.CANCELED);
                        assertThat(((GenerationResult) result).getErrorCode()).isEqualTo(ErrorCode.CANCELED.name());
                    });
            assertThat(harness.getSideOutput(PipelineOutputs.EVENTS)).extracting(StreamRecord::getValue)
                    .extracting(e -> ((GenerationEvent) e).getType()).containsExactly(EventType.CANCELED);
        }
    }

    @Test
    void aCancelStopsTheRequestSamplingInThisProcess() throws Exception {
        GenerationEngine engine = GenerationEngines.acquire(ReelflowConfig.defaults());
        try (BroadcastOperatorTestHarness<Trace, ControlCommand, Trace> harness = relay()) {
            CompletableFuture<GenerateOutcome> sampling = engine.submit(TestRequests.trace(
                    TestRequests.video("long", 1920, 1080, 4.0).setSteps(200).build()));
            Thread.sleep(200);
            harness.processBroadcastElement(cancel("long", NOW), 1L);

            assertThat(sampling.get(60, TimeUnit.SECONDS)).isInstanceOfSatisfying(GenerateOutcome.Ended.class,
                    ended -> assertThat(ended.status()).isEqualTo(ResultStatus.CANCELED));
        } finally {
            GenerationEngines.release(engine);
        }
    }

    @Test
    void cancelsAreForgottenAfterTheRetention() throws Exception {
        try (BroadcastOperatorTestHarness<Trace, ControlCommand, Trace> harness = relay()) {
            harness.processBroadcastElement(cancel("old", NOW.minus(ControlStage.RETENTION).minusSeconds(1)), 1L);
            harness.processBroadcastElement(cancel("new", NOW), 2L);

            assertThat(harness.getBroadcastState(ControlStage.CANCELED).contains("demo/old")).isFalse();
            assertThat(harness.getBroadcastState(ControlStage.CANCELED).contains("demo/new")).isTrue();
        }
    }

    @Test
    void badControlRecordsBecomeDeadLettersWithTheirBytes() throws Exception {
        byte[] garbage = "cancel everything".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] good = io.reelflow.schema.codec.SingleObjectCodec.of(ControlCommand.class).encode(cancel("r-1", NOW));
        try (var harness = ProcessFunctionTestHarnesses.forProcessFunction(new ControlStage.DecodeControl(1024))) {
            harness.processElement(new RawRequest(garbage, new SourceRef("reelflow.control", 0, 7), 0L), 1L);
            harness.processElement(new RawRequest(good, new SourceRef("reelflow.control", 0, 8), 0L), 2L);

            assertThat(harness.extractOutputValues()).extracting(ControlCommand::getRequestId).containsExactly("r-1");
            assertThat(harness.getSideOutput(PipelineOutputs.DEAD_LETTERS)).extracting(StreamRecord::getValue)
                    .singleElement().satisfies(dead -> {
                        DeadLetter letter = (DeadLetter) dead;
                        assertThat(letter.getErrorCode()).isEqualTo(ErrorCode.MALFORMED_PAYLOAD.name());
                        assertThat(letter.getSourceOffset()).isEqualTo(7L);
                        assertThat(letter.getPayload().array()).isEqualTo(garbage);
                    });
        }
    }

    private static BroadcastOperatorTestHarness<Trace, ControlCommand, Trace> relay() throws Exception {
        return ProcessFunctionTestHarnesses.forBroadcastProcessFunction(new ControlStage.CancelRelay(),
                ControlStage.CANCELED);
    }

    private static ControlCommand cancel(String requestId, Instant at) {
        return ControlCommand.newBuilder().setTenantId("demo").setRequestId(requestId)
                .setAction(ControlAction.CANCEL).setIssuedAt(at).build();
    }
}

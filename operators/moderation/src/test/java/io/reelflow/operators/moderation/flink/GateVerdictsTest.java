package io.reelflow.operators.moderation.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.operators.moderation.ClassifierFailedException;
import io.reelflow.operators.moderation.TestRequests;
import io.reelflow.pipeline.Stages;
import io.reelflow.pipeline.Trace;
import io.reelflow.pipeline.flink.PipelineOutputs;
import io.reelflow.schema.EventType;
import io.reelflow.schema.ModerationDecision;
import io.reelflow.schema.ModerationGate;
import io.reelflow.schema.ResultStatus;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

/** What every gate does when its check cannot run: a failed model never lets a request through unchecked. */
class GateVerdictsTest {

    /** A gate whose learned classifier fails on every request. */
    static final class BrokenGate extends ProcessFunction<Trace, Trace> {
        private transient GateVerdicts verdicts;

        @Override
        public void open(OpenContext context) {
            verdicts = new GateVerdicts(ModerationGate.OUTPUT, "output", Stages.MODERATE_OUTPUT,
                    getRuntimeContext().getMetricGroup());
        }

        @Override
        public void processElement(Trace trace, Context context, Collector<Trace> out) {
            verdicts.couldNotCheck(context, trace, "policy-1",
                    new ClassifierFailedException("image classifier nsfw.onnx returned NaN"), "output: 3 frames", 7);
        }
    }

    @Test
    void aCheckThatCannotRunEndsTheRequestFailedAndAuditsWhy() throws Exception {
        try (var harness = ProcessFunctionTestHarnesses.forProcessFunction(new BrokenGate())) {
            harness.processElement(TestRequests.trace("r", "a lake"), 1L);

            assertThat(harness.extractOutputValues()).isEmpty();
            assertThat(side(harness, PipelineOutputs.RESULTS)).singleElement().satisfies(result -> {
                assertThat(result.getStatus()).isEqualTo(ResultStatus.FAILED);
                assertThat(result.getErrorCode()).isEqualTo("MODERATION_FAILED");
                assertThat(result.getErrorMessage()).isEqualTo("image classifier nsfw.onnx returned NaN");
                assertThat(result.getModeration().getDecision()).isEqualTo(ModerationDecision.BLOCK);
                assertThat(result.getTimingsMs()).containsEntry(Stages.MODERATE_OUTPUT, 7L);
            });
            assertThat(side(harness, PipelineOutputs.EVENTS)).extracting(e -> e.getType())
                    .containsExactly(EventType.FAILED);
            assertThat(side(harness, PipelineOutputs.AUDITS)).singleElement().satisfies(audit -> {
                assertThat(audit.getGate()).isEqualTo(ModerationGate.OUTPUT);
                assertThat(audit.getSubject()).isEqualTo("output: 3 frames");
                assertThat(audit.getVerdict().getChecks()).singleElement().satisfies(check -> {
                    assertThat(check.getGate()).isEqualTo("output");
                    assertThat(check.getSummary())
                            .isEqualTo("could not check: image classifier nsfw.onnx returned NaN");
                });
            });
        }
    }

    private static <T> List<T> side(OneInputStreamOperatorTestHarness<?, ?> harness, OutputTag<T> tag) {
        var records = harness.getSideOutput(tag);
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }
}

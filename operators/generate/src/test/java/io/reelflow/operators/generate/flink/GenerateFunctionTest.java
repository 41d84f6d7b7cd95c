package io.reelflow.operators.generate.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.generate.GenerateOutcome;
import io.reelflow.operators.generate.TestRequests;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.Trace;
import io.reelflow.schema.ResultStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.functions.DefaultOpenContext;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.functions.async.CollectionSupplier;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperatorFactory;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class GenerateFunctionTest {

    private static final ReelflowConfig CONFIG = ReelflowConfig.defaults();

    @Test
    void theAsyncOperatorEmitsTheGeneratedClipOfASmallRequest() throws Exception {
        AsyncWaitOperatorFactory<Trace, GenerateOutcome> factory = new AsyncWaitOperatorFactory<>(
                new GenerateFunction(CONFIG), 600_000, 2, AsyncDataStream.OutputMode.UNORDERED);
        Trace image = TestRequests.trace(TestRequests.image("harness-1", 800, 600).setSeed(1L).build());
        Trace video = TestRequests.trace(TestRequests.video("harness-2", 1280, 720, 0.25).setSteps(1).build());

        List<GenerateOutcome> outcomes;
        try (OneInputStreamOperatorTestHarness<Trace, GenerateOutcome> harness = new OneInputStreamOperatorTestHarness<>(
                factory, TypeInformation.of(Trace.class).createSerializer(new SerializerConfigImpl()))) {
            harness.open();
            harness.processElement(image, 1L);
            harness.processElement(video, 2L);
            harness.endInput();
            outcomes = harness.extractOutputValues();
        }

        assertThat(outcomes).hasSize(2).allSatisfy(outcome -> assertThat(outcome).isInstanceOf(GenerateOutcome.Generated.class));
        assertThat(outcomes).extracting(o -> ((GenerateOutcome.Generated) o).clip().frames())
                .extracting(f -> f.width() + "x" + f.height() + "x" + f.count())
                .containsExactlyInAnyOrder("32x24x1", "36x20x2");
    }

    @Test
    void aTimeoutEndsTheRequestFailedWithGenerationTimeout() throws Exception {
        GenerateFunction function = new GenerateFunction(CONFIG);
        Trace trace = TestRequests.trace(TestRequests.image("slow", 256, 256).build());
        CollectingFuture result = new CollectingFuture();

        function.open(DefaultOpenContext.INSTANCE);
        try {
            function.timeout(trace, result);
        } finally {
            function.close();
        }

        assertThat(result.values).singleElement().isInstanceOfSatisfying(GenerateOutcome.Ended.class, ended -> {
            assertThat(ended.status()).isEqualTo(ResultStatus.FAILED);
            assertThat(ended.reason().code()).isEqualTo(ErrorCode.GENERATION_TIMEOUT);
            assertThat(ended.trace().requestId()).isEqualTo("slow");
        });
    }

    private static final class CollectingFuture implements ResultFuture<GenerateOutcome> {
        private final List<GenerateOutcome> values = new ArrayList<>();

        @Override
        public void complete(Collection<GenerateOutcome> result) {
            values.addAll(result);
        }

        @Override
        public void completeExceptionally(Throwable error) {
            throw new AssertionError(error);
        }

        @Override
        public void complete(CollectionSupplier<GenerateOutcome> supplier) {
            throw new UnsupportedOperationException();
        }
    }
}

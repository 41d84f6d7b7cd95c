package io.reelflow.operators.generate.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.pipeline.AssetReader;
import io.reelflow.operators.generate.GenerateOutcome;
import io.reelflow.operators.generate.GenerationEngine;
import io.reelflow.operators.generate.GenerationEngines;
import io.reelflow.operators.generate.TestRequests;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.Frames;
import io.reelflow.schema.AssetRole;
import io.reelflow.schema.GenerationMode;
import io.reelflow.schema.InputAsset;
import io.reelflow.pipeline.Trace;
import io.reelflow.schema.ResultStatus;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperatorFactory;
import org.apache.flink.streaming.runtime.tasks.mailbox.Mail;
import org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailbox;
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
    void aTransientFailureIsRetriedAndTheRetryGenerates() throws Exception {
        FlakyStore.READS.set(0);
        AsyncWaitOperatorFactory<Trace, GenerateOutcome> factory = new AsyncWaitOperatorFactory<>(
                new GenerateFunction(CONFIG, FlakyStore.INSTANCE), 600_000, 2, AsyncDataStream.OutputMode.UNORDERED,
                GenerateStage.retryStrategy(CONFIG));
        Trace imageToVideo = TestRequests.trace(TestRequests.video("flaky", 1280, 720, 0.5)
                .setMode(GenerationMode.IMAGE_TO_VIDEO).setSteps(2)
                .setInputAssets(List.of(InputAsset.newBuilder().setUri("s3://in/first.png")
                        .setRole(AssetRole.FIRST_FRAME).build()))
                .build());

        List<GenerateOutcome> outcomes;
        try (OneInputStreamOperatorTestHarness<Trace, GenerateOutcome> harness = new OneInputStreamOperatorTestHarness<>(
                factory, TypeInformation.of(Trace.class).createSerializer(new SerializerConfigImpl()))) {
            harness.open();
            harness.processElement(imageToVideo, 1L);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (FlakyStore.READS.get() < 2 && System.nanoTime() < until) {
                runMails(harness); // the failed outcome reaches the operator, which schedules the retry
                harness.setProcessingTime(harness.getProcessingTime() + CONFIG.generation().retryDelay().toMillis());
                Thread.sleep(20);
            }
            harness.endInput(); // Flink drops retries still pending at end of input: wait for the retry first
            outcomes = harness.extractOutputValues();
        }

        assertThat(outcomes).as("one outcome, from a retry").singleElement()
                .isInstanceOf(GenerateOutcome.Generated.class);
        assertThat(FlakyStore.READS.get()).as("read, failed, read again").isGreaterThanOrEqualTo(2);
    }

    private static void runMails(OneInputStreamOperatorTestHarness<Trace, GenerateOutcome> harness) throws Exception {
        Optional<Mail> mail;
        while ((mail = harness.getTaskMailbox().tryTake(TaskMailbox.MIN_PRIORITY)).isPresent()) {
            mail.get().run();
        }
    }

    /** An object store whose first read fails with a connection reset. */
    enum FlakyStore implements AssetReader.Factory {
        INSTANCE;

        static final AtomicInteger READS = new AtomicInteger();

        @Override
        public AssetReader create(ReelflowConfig config) {
            return uri -> {
                if (READS.incrementAndGet() == 1) {
                    throw new IOException("connection reset");
                }
                return new AssetReader.Asset(Frames.blank(64, 64, 1), 0);
            };
        }
    }

    @Test
    void aTimeoutEndsTheRequestFailedWithGenerationTimeoutAndStopsItsSampling() throws Exception {
        AsyncWaitOperatorFactory<Trace, GenerateOutcome> factory = new AsyncWaitOperatorFactory<>(
                new GenerateFunction(CONFIG), 1_000, 2, AsyncDataStream.OutputMode.UNORDERED);
        Trace slow = TestRequests.trace(TestRequests.video("slow", 1920, 1080, 4.0).setSteps(200).build());

        List<GenerateOutcome> outcomes;
        GenerationEngine engine = GenerationEngines.acquire(CONFIG);
        try (OneInputStreamOperatorTestHarness<Trace, GenerateOutcome> harness = new OneInputStreamOperatorTestHarness<>(
                factory, TypeInformation.of(Trace.class).createSerializer(new SerializerConfigImpl()))) {
            harness.open();
            long canceledBefore = engine.stats().canceled();
            harness.processElement(slow, 1L);
            Thread.sleep(200); // sampling has started
            harness.setProcessingTime(2_000);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (engine.stats().canceled() == canceledBefore && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertThat(engine.stats().canceled()).as("the engine stopped it").isEqualTo(canceledBefore + 1);
            harness.endInput();
            outcomes = harness.extractOutputValues();
        } finally {
            GenerationEngines.release(engine);
        }

        assertThat(outcomes).singleElement().isInstanceOfSatisfying(GenerateOutcome.Ended.class, ended -> {
            assertThat(ended.status()).isEqualTo(ResultStatus.FAILED);
            assertThat(ended.reason().code()).isEqualTo(ErrorCode.GENERATION_TIMEOUT);
            assertThat(ended.trace().requestId()).isEqualTo("slow");
        });
    }
}

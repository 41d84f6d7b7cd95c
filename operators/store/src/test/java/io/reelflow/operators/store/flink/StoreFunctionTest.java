package io.reelflow.operators.store.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelflow.config.ConfigLoader;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.config.StorageConfig;
import io.reelflow.operators.store.AssetStore;
import io.reelflow.operators.store.S3ProxyServer;
import io.reelflow.operators.store.StoredObjects;
import io.reelflow.operators.store.TestEncoded;
import io.reelflow.pipeline.Encoded;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.Stages;
import io.reelflow.pipeline.flink.PipelineOutputs;
import io.reelflow.pipeline.flink.StageStreams;
import io.reelflow.schema.EventType;
import io.reelflow.schema.GenerationEvent;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.OutputAsset;
import io.reelflow.schema.ResultStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.metrics.groups.AbstractMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.apache.flink.runtime.metrics.util.TestingMetricRegistry;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StoreFunctionTest {

    private static final String BUCKET = "reelflow-outputs";

    /** Counters as registered, keyed {@code name[stage,reason]}. */
    private final Map<String, Metric> metrics = new ConcurrentHashMap<>();

    private S3ProxyServer server;
    private MockEnvironment environment;
    private OneInputStreamOperatorTestHarness<Encoded, GenerationResult> harness;

    @BeforeEach
    void openHarness() throws Exception {
        server = S3ProxyServer.start();
        TestingMetricRegistry registry = TestingMetricRegistry.builder()
                .setRegisterConsumer((metric, name, group) -> metrics.put(key(name, group), metric))
                .build();
        environment = new MockEnvironmentBuilder()
                .setMetricGroup(TaskManagerMetricGroup.createTaskManagerMetricGroup(registry, "localhost",
                                ResourceID.generate())
                        .addJob(new JobID(), "job")
                        .addTask(ExecutionAttemptID.randomId(), "store"))
                .build();
        harness = new OneInputStreamOperatorTestHarness<>(
                new ProcessOperator<>(new StoreFunction(server.storage(BUCKET), null)), environment);
        harness.setup();
        harness.open();
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
        environment.close();
        server.close();
    }

    @Test
    void storedRequestIsTheMainOutputWithStoredAndCompletedEvents() throws Exception {
        Encoded encoded = TestEncoded.video("demo", "req-1", "a");

        harness.processElement(encoded, 0L);

        List<GenerationResult> results = harness.extractOutputValues();
        assertThat(results).hasSize(1);
        GenerationResult result = results.get(0);
        assertThat(result.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(result.getAssets()).extracting(OutputAsset::getUri)
                .containsExactly("s3://" + BUCKET + "/demo/req-1/video.mp4", "s3://" + BUCKET + "/demo/req-1/poster.png");
        assertThat(harness.getSideOutput(PipelineOutputs.RESULTS)).isNullOrEmpty();

        List<GenerationEvent> events = events();
        assertThat(events).extracting(GenerationEvent::getType).containsExactly(EventType.STORED, EventType.COMPLETED);
        assertThat(events.get(0).getStageMs()).isEqualTo(result.getTimingsMs().get(Stages.STORE));
        assertThat(events).allSatisfy(e -> assertThat(e.getRequestId()).isEqualTo("req-1"));

        try (StoredObjects objects = new StoredObjects(server)) {
            assertThat(objects.bytes(result.getAssets().get(0).getUri())).isEqualTo(encoded.files().get(0).bytes());
        }
        long bytes = encoded.files().stream().mapToLong(f -> f.bytes().length).sum();
        assertThat(count("requests_in[store]")).isEqualTo(1);
        assertThat(count("requests_out[store]")).isEqualTo(1);
        assertThat(count("objects_stored[store]")).isEqualTo(2);
        assertThat(count("bytes_stored[store]")).isEqualTo(bytes);
        assertThat(latency().getCount()).as("stored requests' latency since accepted").isEqualTo(1);
        assertThat(latency().getStatistics().getMin()).isNotNegative();
    }

    @Test
    void requestSentToReviewBecomesAReviewTaskAndAHeldEventWithNoResult() throws Exception {
        Encoded unsigned = TestEncoded.video("demo", "req-held", "a");
        io.reelflow.schema.ModerationVerdict review = io.reelflow.schema.ModerationVerdict.newBuilder()
                .setDecision(io.reelflow.schema.ModerationDecision.REVIEW).setPolicyVersion("test-1").build();
        Encoded held = new Encoded(unsigned.trace().withModeration(review), unsigned.files());

        harness.processElement(held, 0L);

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.getSideOutput(PipelineOutputs.RESULTS)).isNullOrEmpty();
        assertThat(harness.getSideOutput(PipelineOutputs.REVIEWS)).singleElement().satisfies(record -> {
            assertThat(record.getValue().getRequestId()).isEqualTo("req-held");
            assertThat(record.getValue().getQuarantined()).allMatch(uri -> uri.startsWith("s3://reelflow-quarantine/"));
        });
        assertThat(events()).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo(EventType.HELD_FOR_REVIEW);
            assertThat(e.getMessage()).contains("reelflow-quarantine");
        });
        try (StoredObjects objects = new StoredObjects(server)) {
            assertThat(objects.keys(BUCKET)).noneMatch(k -> k.startsWith("demo/req-held/"));
        }
        assertThat(count("held_for_review[store]")).isEqualTo(1);
        assertThat(count("objects_stored[store]")).isEqualTo(2);
        assertThat(latency().getCount()).as("a held request is not done: no latency yet").isZero();
    }

    @Test
    void requestThatCannotBeStoredBecomesAFailedResultAndEventOnTheSideOutputs() throws Exception {
        harness.processElement(TestEncoded.video("demo", "..", "a"), 0L);

        assertThat(harness.extractOutputValues()).isEmpty();
        List<GenerationResult> failed = harness.getSideOutput(PipelineOutputs.RESULTS).stream()
                .map(StreamRecord::getValue)
                .toList();
        assertThat(failed).singleElement().satisfies(r -> {
            assertThat(r.getStatus()).isEqualTo(ResultStatus.FAILED);
            assertThat(r.getErrorCode()).isEqualTo(ErrorCode.INVALID_FIELD.name());
            assertThat(r.getAssets()).isEmpty();
        });
        assertThat(events()).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo(EventType.FAILED);
            assertThat(e.getMessage()).startsWith("INVALID_FIELD: request id '..'");
        });
        assertThat(count("requests_in[store]")).isEqualTo(1);
        assertThat(count("requests_out[store]")).isZero();
        assertThat(count("rejected[store,INVALID_FIELD]")).isEqualTo(1);
    }

    @Test
    void aStoreThatStaysUnavailableFailsTheTaskSoTheRequestIsReplayedInsteadOfEndingFailed() throws Exception {
        S3ProxyServer doomed = S3ProxyServer.start();
        StorageConfig s = doomed.storage(BUCKET);
        StorageConfig once = new StorageConfig(s.endpoint(), s.region(), s.accessKey(), s.secretKey(), s.bucket(),
                s.quarantineBucket(), s.inputBuckets(), 1);
        try (OneInputStreamOperatorTestHarness<Encoded, GenerationResult> unavailable =
                new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new StoreFunction(once, null)))) {
            unavailable.setup();
            unavailable.open();
            doomed.close();

            assertThatThrownBy(() -> unavailable.processElement(TestEncoded.video("demo", "req-1", "a"), 0L))
                    .isInstanceOf(AssetStore.Unavailable.class)
                    .hasMessageStartingWith("request demo/req-1: upload of ");
            assertThat(unavailable.extractOutputValues()).isEmpty();
            assertThat(unavailable.getSideOutput(PipelineOutputs.RESULTS)).isNullOrEmpty();
            assertThat(unavailable.getSideOutput(PipelineOutputs.EVENTS)).isNullOrEmpty();
        }
    }

    @Test
    void stageIsNamedAndHasAStableUid() {
        ReelflowConfig config = ConfigLoader.builder().set("storage.endpoint", server.endpoint()).build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();

        StageStreams<GenerationResult> stored = StoreStage.apply(
                env.fromData(TypeInformation.of(Encoded.class), TestEncoded.video("demo", "req-1", "a")), config);

        assertThat(stored.main().getTransformation().getName()).isEqualTo("store");
        assertThat(stored.main().getTransformation().getUid()).isEqualTo("reelflow-store");
        assertThat(stored.main().getType().getTypeClass()).isEqualTo(GenerationResult.class);
    }

    private List<GenerationEvent> events() {
        return harness.getSideOutput(PipelineOutputs.EVENTS).stream().map(StreamRecord::getValue).toList();
    }

    private long count(String key) {
        Metric metric = metrics.get(key);
        return metric == null ? 0 : ((Counter) metric).getCount();
    }

    private Histogram latency() {
        return (Histogram) metrics.get("latency_ms[store]");
    }

    private static String key(String name, AbstractMetricGroup<?> group) {
        Map<String, String> variables = group.getAllVariables();
        String stage = variables.get("<stage>");
        String reason = variables.get("<reason>");
        return name + "[" + stage + (reason == null ? "" : "," + reason) + "]";
    }
}

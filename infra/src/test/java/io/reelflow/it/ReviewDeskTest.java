package io.reelflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.reelflow.config.ConfigLoader;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.infra.local.LocalServers;
import io.reelflow.infra.review.ReviewDesk;
import io.reelflow.jobs.CampaignRuns;
import io.reelflow.jobs.kafka.ReviewTasks;
import io.reelflow.operators.campaign.run.LedgerRecord;
import io.reelflow.operators.store.AssetStore;
import io.reelflow.operators.store.StoreOutcome;
import io.reelflow.pipeline.Encoded;
import io.reelflow.pipeline.EncodedFile;
import io.reelflow.pipeline.SourceRef;
import io.reelflow.pipeline.Trace;
import io.reelflow.schema.GenerationMode;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ModerationAudit;
import io.reelflow.schema.ModerationDecision;
import io.reelflow.schema.ModerationFinding;
import io.reelflow.schema.ModerationGate;
import io.reelflow.schema.ModerationVerdict;
import io.reelflow.schema.OutputRole;
import io.reelflow.schema.ResultStatus;
import io.reelflow.schema.ReviewTask;
import io.reelflow.schema.codec.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The review loop's human end against a real Kafka broker and S3 server. */
class ReviewDeskTest {

    @TempDir
    Path dataDir;

    @Test
    void approvesAndRejectsHeldRequestsOnceEachWithResultsEventsAndAudits() throws Exception {
        ReelflowConfig asked = ConfigLoader.builder()
                .set("kafka.bootstrap-servers", "127.0.0.1:0")
                .set("kafka.partitions", "2")
                .set("storage.endpoint", "http://127.0.0.1:0")
                .build();
        try (LocalServers servers = LocalServers.start(asked, dataDir);
                AssetStore store = AssetStore.builder().storage(servers.config().storage()).build()) {
            ReelflowConfig config = servers.config();
            store.open();
            ReviewTask good = hold(store, config, "req-good");
            ReviewTask bad = hold(store, config, "req-bad");
            hold(store, config, "req-canceled");
            cancel(config, "req-canceled");
            ReviewDesk desk = new ReviewDesk(config.kafka(), store, Clock.systemUTC());
            publishDuplicateRejection(config, "req-good"); // a client resubmitting the held request's id

            assertThat(desk.pending()).extracting(ReviewTask::getRequestId)
                    .containsExactly("req-good", "req-bad", "req-canceled");
            assertThat(desk.canceledRequests()).containsExactly("demo/req-canceled");

            GenerationResult approved = desk.approve("demo", "req-good", "alice", "a licensed lookalike");
            GenerationResult rejected = desk.reject("demo", "req-bad", "bob", "real person");
            GenerationResult canceled = desk.approve("demo", "req-canceled", "alice", null);
            assertThat(canceled.getStatus()).isEqualTo(ResultStatus.CANCELED);
            assertThat(canceled.getErrorCode()).isEqualTo("CANCELED");
            assertThat(canceled.getAssets()).isEmpty();

            assertThat(desk.pending()).isEmpty();
            assertThatThrownBy(() -> desk.approve("demo", "req-bad", "alice", null))
                    .hasMessageContaining("no pending review for demo/req-bad");

            assertThat(approved.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
            assertThat(approved.getAssets()).isEqualTo(good.getResult().getAssets());
            assertThat(approved.getModeration().getDecision()).isEqualTo(ModerationDecision.ALLOW);
            assertThat(approved.getModeration().getChecks()).last()
                    .satisfies(c -> assertThat(c.getSummary()).isEqualTo("approved by alice: a licensed lookalike"));
            assertThat(rejected.getStatus()).isEqualTo(ResultStatus.REJECTED);
            assertThat(rejected.getErrorCode()).isEqualTo("REVIEW_REJECTED");
            assertThat(rejected.getAssets()).isEmpty();

            List<GenerationResult> results = Outputs.readCommitted(config, config.kafka().topics().results(),
                    GenerationResult.class, 4, Duration.ofSeconds(30)).stream()
                    .filter(r -> !"DUPLICATE_REQUEST".equals(r.getErrorCode()))
                    .filter(r -> r.getStatus() != ResultStatus.CANCELED).toList();
            assertThat(results).extracting(GenerationResult::getRequestId, GenerationResult::getStatus)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("req-good", ResultStatus.SUCCEEDED),
                            org.assertj.core.groups.Tuple.tuple("req-bad", ResultStatus.REJECTED));
            List<ModerationAudit> audits = Outputs.readCommitted(config, config.kafka().topics().moderation(),
                    ModerationAudit.class, 3, Duration.ofSeconds(30));
            assertThat(audits).allSatisfy(a -> assertThat(a.getGate()).isEqualTo(ModerationGate.REVIEW))
                    .extracting(ModerationAudit::getReviewer).containsExactlyInAnyOrder("alice", "bob", "alice");

            try (MinioClient s3 = Outputs.s3(config)) {
                assertThat(keys(s3, config.storage().quarantineBucket())).isEmpty();
                assertThat(keys(s3, config.storage().bucket())).contains("demo/req-good/video.mp4")
                        .noneMatch(k -> k.startsWith("demo/req-bad/") || k.startsWith("demo/req-canceled/"));
            }
            assertThat(bad.getQuarantined()).isNotEmpty();
        }
    }

    @Test
    void aCampaignOutputsTaskLostWithAKilledRunIsPublishedAgainAndItsDecisionReachesTheLedger() throws Exception {
        ReelflowConfig asked = ConfigLoader.builder()
                .set("kafka.bootstrap-servers", "127.0.0.1:0")
                .set("storage.endpoint", "http://127.0.0.1:0")
                .build();
        try (LocalServers servers = LocalServers.start(asked, dataDir);
                AssetStore store = AssetStore.builder().storage(servers.config().storage()).build()) {
            ReelflowConfig config = servers.config();
            store.open();
            // held by a campaign run that was killed: the store holds the objects, Kafka never got the task
            ReviewTask task = quarantine(store, "spring-00aa", "spring", Map.of("campaign-output", "spring-00aa"));
            ReviewDesk desk = new ReviewDesk(config.kafka(), store, Clock.systemUTC());
            assertThat(desk.pending()).isEmpty();

            ReviewTasks.republish(config.kafka(), List.of(task));
            ReviewTasks.republish(config.kafka(), List.of(task)); // every run publishes a held output's task again: still one to decide

            assertThat(desk.pending()).extracting(ReviewTask::getRequestId).containsExactly("spring-00aa");
            desk.approve("demo", "spring-00aa", "alice", null);
            ReviewTasks.republish(config.kafka(), List.of(task)); // a run that read the ledger before the decision: stays decided
            assertThat(desk.pending()).isEmpty();
            LedgerRecord record = new CampaignRuns(store, config.storage()).ledger("demo", "spring").outputs()
                    .get("spring-00aa");
            assertThat(record.status()).isEqualTo("SUCCEEDED");
            assertThat(record.result().getAssets()).isEqualTo(task.getResult().getAssets());
        }
    }

    /** What the job does for a request sent to review: quarantine its files and publish its task. */
    private static ReviewTask hold(AssetStore store, ReelflowConfig config, String requestId) throws Exception {
        ReviewTask task = quarantine(store, requestId, null, Map.of());
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(config.kafka().topics().reviews(),
                    requestId.getBytes(StandardCharsets.UTF_8), SingleObjectCodec.of(ReviewTask.class).encode(task)))
                    .get();
        }
        return task;
    }

    /** What the store stage does for a request sent to review: quarantine its files; returns its task. */
    private static ReviewTask quarantine(AssetStore store, String requestId, String campaign, Map<String, String> labels)
            throws Exception {
        GenerationRequest request = GenerationRequest.newBuilder()
                .setRequestId(requestId).setTenantId("demo").setCampaignId(campaign).setSubmittedAt(Instant.now())
                .setMode(GenerationMode.TEXT_TO_VIDEO).setPrompt("a deepfake of a senator")
                .setWidth(320).setHeight(180).setDurationSeconds(1.0).setFps(12).setLabels(labels)
                .build();
        ModerationVerdict review = ModerationVerdict.newBuilder()
                .setDecision(ModerationDecision.REVIEW).setPolicyVersion("test-1")
                .setFindings(List.of(ModerationFinding.newBuilder().setCategory("public_figure_likeness")
                        .setScore(0.8).setDecision(ModerationDecision.REVIEW).setField("prompt")
                        .setEvidence("deepfake").build()))
                .build();
        Trace trace = Trace.accepted(request, new SourceRef("reelflow.requests", 0, 1), 0).withModeration(review);
        Encoded encoded = new Encoded(trace, List.of(new EncodedFile("video.mp4", OutputRole.PRIMARY, "video/mp4",
                ("mp4 " + requestId).getBytes(StandardCharsets.UTF_8), 320, 180, 12, 1.0)));
        return ((StoreOutcome.Held) store.store(encoded)).task();
    }

    /** What `reelflow cancel` publishes. */
    private static void cancel(ReelflowConfig config, String requestId) throws Exception {
        io.reelflow.schema.ControlCommand command = io.reelflow.schema.ControlCommand.newBuilder().setTenantId("demo")
                .setRequestId(requestId).setAction(io.reelflow.schema.ControlAction.CANCEL)
                .setIssuedAt(Instant.now()).build();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(config.kafka().topics().control(),
                    requestId.getBytes(StandardCharsets.UTF_8),
                    SingleObjectCodec.of(io.reelflow.schema.ControlCommand.class).encode(command))).get();
        }
    }

    /** What the job publishes for a second request with a held request's id: a result that decides nothing here. */
    private static void publishDuplicateRejection(ReelflowConfig config, String requestId) throws Exception {
        GenerationResult duplicate = GenerationResult.newBuilder().setRequestId(requestId).setTenantId("demo")
                .setStatus(ResultStatus.REJECTED).setErrorCode("DUPLICATE_REQUEST").setErrorMessage("duplicate")
                .setCompletedAt(Instant.now()).build();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(config.kafka().topics().results(),
                    requestId.getBytes(StandardCharsets.UTF_8),
                    SingleObjectCodec.of(GenerationResult.class).encode(duplicate))).get();
        }
    }

    private static List<String> keys(MinioClient s3, String bucket) throws Exception {
        List<String> keys = new ArrayList<>();
        for (var item : s3.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
            keys.add(item.get().objectName());
        }
        return keys;
    }
}

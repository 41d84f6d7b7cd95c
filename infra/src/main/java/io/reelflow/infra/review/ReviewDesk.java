package io.reelflow.infra.review;

import io.reelflow.config.KafkaConfig;
import io.reelflow.operators.campaign.run.CampaignLedger;
import io.reelflow.operators.generate.ControlDecoder;
import io.reelflow.operators.moderation.ModerationVerdicts;
import io.reelflow.operators.store.AssetStore;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.ObjectWrite;
import io.reelflow.pipeline.Outcomes;
import io.reelflow.schema.ControlAction;
import io.reelflow.schema.GenerationEvent;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ModerationAudit;
import io.reelflow.schema.ModerationCheck;
import io.reelflow.schema.ModerationDecision;
import io.reelflow.schema.ModerationGate;
import io.reelflow.schema.ModerationVerdict;
import io.reelflow.schema.OutputAsset;
import io.reelflow.schema.ResultStatus;
import io.reelflow.schema.ReviewTask;
import io.reelflow.schema.codec.CodecException;
import io.reelflow.schema.codec.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The human end of the review loop. Pending reviews are the review tasks (topic {@code reviews}) with no REVIEW
 * decision yet (a {@code REVIEW} audit on topic {@code moderation}, read committed; other results for the same request
 * id, such as a duplicate submission's, do not count). Approving moves the request's quarantined objects to the output
 * bucket and publishes its SUCCEEDED result; rejecting deletes them (and any copy in the output bucket) and publishes
 * a REJECTED result (REVIEW_REJECTED). Either way the result, its final event and the REVIEW audit go out in one
 * Kafka transaction, after the objects are in place, so a result never names an object that is not there.
 *
 * <p>A request its client canceled while it was held ends CANCELED whatever the reviewer decides: its objects are
 * deleted and nothing is published.
 *
 * <p>Two reviewers deciding the same request at once: the transactional id is the request's, so only the producer
 * that initialised last can commit, and only one decision is published. An approval that loses to a rejection
 * deletes the copies it made.
 */
public final class ReviewDesk {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    /** Larger control records are not commands this desk acts on (the job dead-letters them too). */
    private static final int MAX_CONTROL_BYTES = 64 * 1024;
    private static final SingleObjectCodec<ReviewTask> TASKS = SingleObjectCodec.of(ReviewTask.class);
    private static final SingleObjectCodec<GenerationResult> RESULTS = SingleObjectCodec.of(GenerationResult.class);
    private static final SingleObjectCodec<ModerationAudit> AUDITS = SingleObjectCodec.of(ModerationAudit.class);

    private final KafkaConfig kafka;
    private final AssetStore store;
    private final Clock clock;

    public ReviewDesk(KafkaConfig kafka, AssetStore store, Clock clock) {
        this.kafka = Objects.requireNonNull(kafka, "kafka");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Review tasks without a decision, oldest first.
     *
     * @throws IllegalStateException if a review task cannot be read by this version: never skipped silently
     */
    public List<ReviewTask> pending() {
        Map<String, ModerationDecision> decided = decisions();
        Map<String, ReviewTask> tasks = new LinkedHashMap<>();
        for (byte[] value : readAll(kafka.topics().reviews())) {
            ReviewTask task;
            try {
                task = TASKS.decode(value);
            } catch (CodecException e) {
                throw new IllegalStateException("a review task on " + kafka.topics().reviews() + " cannot be read by"
                        + " this version of reelflow: " + e.getMessage(), e);
            }
            String key = key(task.getTenantId(), task.getRequestId());
            if (!decided.containsKey(key)) {
                tasks.put(key, task); // a replayed task replaces its earlier copy
            }
        }
        List<ReviewTask> oldestFirst = new ArrayList<>(tasks.values());
        oldestFirst.sort((a, b) -> a.getHeldAt().compareTo(b.getHeldAt()));
        return oldestFirst;
    }

    /** Approves a pending request; returns the SUCCEEDED result it published. */
    public GenerationResult approve(String tenantId, String requestId, String reviewer, String note) throws Exception {
        return decide(tenantId, requestId, reviewer, note, true);
    }

    /** Rejects a pending request; returns the REJECTED result it published. */
    public GenerationResult reject(String tenantId, String requestId, String reviewer, String note) throws Exception {
        return decide(tenantId, requestId, reviewer, note, false);
    }

    /** Tenant/request keys of the requests a client asked to cancel (topic {@code control}). */
    public Set<String> canceledRequests() {
        ControlDecoder decoder = new ControlDecoder(MAX_CONTROL_BYTES);
        Set<String> canceled = new HashSet<>();
        for (byte[] value : readAll(kafka.topics().control())) {
            if (decoder.decode(value) instanceof ControlDecoder.Accepted accepted
                    && accepted.command().getAction() == ControlAction.CANCEL) {
                canceled.add(key(accepted.command().getTenantId(), accepted.command().getRequestId()));
            }
        }
        return canceled;
    }

    /** The key {@link #canceledRequests()} uses. */
    public static String key(String tenantId, String requestId) {
        return tenantId + "/" + requestId;
    }

    /** The REVIEW decisions made so far, by tenant/request; audits this version cannot read decide nothing. */
    private Map<String, ModerationDecision> decisions() {
        Map<String, ModerationDecision> decided = new HashMap<>();
        for (byte[] value : readAll(kafka.topics().moderation())) {
            try {
                ModerationAudit audit = AUDITS.decode(value);
                if (audit.getGate() == ModerationGate.REVIEW) {
                    decided.put(key(audit.getTenantId(), audit.getRequestId()), audit.getVerdict().getDecision());
                }
            } catch (CodecException e) {
                // an audit of a later version: not a decision this version can act on
            }
        }
        return decided;
    }

    private GenerationResult decide(String tenantId, String requestId, String reviewer, String note, boolean approve)
            throws Exception {
        requireText(reviewer, "reviewer");
        try (KafkaProducer<byte[], byte[]> producer = producer(tenantId, requestId)) {
            producer.initTransactions(); // fences any other reviewer deciding this request right now
            ReviewTask task = pending().stream()
                    .filter(t -> t.getTenantId().equals(tenantId) && t.getRequestId().equals(requestId))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no pending review for " + tenantId + "/"
                            + requestId + ": it was never held, or a reviewer has decided it already"));
            // A client that canceled while its request waited wants nothing published, whatever the reviewer decides.
            boolean canceled = canceledRequests().contains(key(tenantId, requestId));
            ResultStatus status = canceled ? ResultStatus.CANCELED
                    : approve ? ResultStatus.SUCCEEDED : ResultStatus.REJECTED;
            if (status == ResultStatus.SUCCEEDED) {
                store.release(task);
            } else {
                store.discard(task);
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            String summary = switch (status) {
                case SUCCEEDED -> "approved by ";
                case CANCELED -> "canceled by the client while held for review; closed by ";
                default -> "rejected by ";
            } + reviewer + (note == null || note.isBlank() ? "" : ": " + note);
            ModerationVerdict decision = ModerationVerdict.newBuilder()
                    .setDecision(status == ResultStatus.SUCCEEDED ? ModerationDecision.ALLOW : ModerationDecision.BLOCK)
                    .setPolicyVersion(task.getVerdict().getPolicyVersion())
                    .setFindings(List.of())
                    .setChecks(List.of(ModerationCheck.newBuilder().setGate("review").setSummary(summary).build()))
                    .build();
            GenerationResult result = result(task, decision, status, summary, now);
            GenerationEvent event = GenerationEvent.newBuilder()
                    .setRequestId(requestId).setTenantId(tenantId).setCampaignId(task.getCampaignId())
                    .setType(Outcomes.eventType(status))
                    .setAt(now)
                    .setMessage(summary)
                    .build();
            ModerationAudit audit = ModerationAudit.newBuilder()
                    .setRequestId(requestId).setTenantId(tenantId).setCampaignId(task.getCampaignId())
                    .setGate(ModerationGate.REVIEW)
                    .setVerdict(decision)
                    .setSubject(String.join(", ", task.getResult().getAssets().stream().map(OutputAsset::getUri)
                            .toList()))
                    .setReviewer(reviewer)
                    .setNote(note == null || note.isBlank() ? null : note)
                    .setDecidedAt(now)
                    .build();
            byte[] key = requestId.getBytes(StandardCharsets.UTF_8);
            try {
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(kafka.topics().results(), key, RESULTS.encode(result)));
                producer.send(new ProducerRecord<>(kafka.topics().events(), key,
                        SingleObjectCodec.of(GenerationEvent.class).encode(event)));
                producer.send(new ProducerRecord<>(kafka.topics().moderation(), key, AUDITS.encode(audit)));
                producer.commitTransaction();
            } catch (KafkaException e) {
                if (approve && decisions().get(key(tenantId, requestId)) == ModerationDecision.BLOCK) {
                    store.discard(task); // a rejection won: the copies this approval made must not stay public
                }
                throw e;
            }
            // A campaign output's ledger record follows the decision, so its manifest and the next run see it.
            Optional<ObjectWrite> record = CampaignLedger.entry(result);
            if (record.isPresent()) {
                store.write(record.get());
            }
            return result;
        }
    }

    /** The result a decision publishes: the held one on approval; REJECTED or CANCELED, with no assets, otherwise. */
    private static GenerationResult result(
            ReviewTask task, ModerationVerdict decision, ResultStatus status, String summary, Instant now) {
        ModerationVerdict merged = ModerationVerdicts.merge(task.getVerdict(), decision);
        // The reviewer's decision replaces the REVIEW it settles; the findings stay as the evidence it was made on.
        merged.setDecision(decision.getDecision());
        GenerationResult.Builder result = GenerationResult.newBuilder(task.getResult())
                .setModeration(merged)
                .setCompletedAt(now);
        if (status != ResultStatus.SUCCEEDED) {
            ErrorCode code = status == ResultStatus.CANCELED ? ErrorCode.CANCELED : ErrorCode.REVIEW_REJECTED;
            result.setStatus(status).setAssets(List.of()).setErrorCode(code.name()).setErrorMessage(summary);
        }
        return result.build();
    }

    private KafkaProducer<byte[], byte[]> producer(String tenantId, String requestId) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                kafka.transactionalIdPrefix() + "-review-" + tenantId + "-" + requestId);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Every committed value of {@code topic}, from the beginning to the end offsets seen when the read started. */
    private List<byte[]> readAll(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "reelflow-review-" + UUID.randomUUID());
        List<byte[]> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, READ_TIMEOUT).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, READ_TIMEOUT);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within " + READ_TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                        values.add(record.value());
                    }
                }
            }
        }
        return values;
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is required");
        }
    }
}

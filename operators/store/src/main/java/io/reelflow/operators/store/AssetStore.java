package io.reelflow.operators.store;

import io.minio.BucketExistsArgs;
import io.minio.CopyObjectArgs;
import io.minio.SourceObject;
import io.minio.MakeBucketArgs;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.io.IOException;
import java.io.InputStream;
import io.minio.PutObjectArgs;
import io.reelflow.config.StorageConfig;
import io.reelflow.operators.store.internal.Attempts;
import io.reelflow.operators.store.internal.ObjectKeys;
import io.reelflow.operators.store.internal.ObjectKeys.UnsafeKeyException;
import io.reelflow.operators.store.internal.PlainHttp;
import io.reelflow.operators.store.internal.StoreErrors;
import io.reelflow.pipeline.Sha256;
import io.reelflow.pipeline.Encoded;
import io.reelflow.pipeline.EncodedFile;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.ObjectWrite;
import io.reelflow.pipeline.Outcomes;
import io.reelflow.pipeline.Rejection;
import io.reelflow.pipeline.Stages;
import io.reelflow.pipeline.Trace;
import io.reelflow.schema.OutputAsset;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ModelInfo;
import io.reelflow.schema.ResultStatus;
import io.reelflow.schema.ReviewTask;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a request's encoded files to the object store under {@code {bucket}/{tenant}/{request_id}/{name}} and builds
 * its result. Keys are deterministic, so a replay after recovery overwrites the same objects instead of adding new
 * ones. A request with a watermark id also gets its {@link WatermarkIndex} entry, written after its files; it fails
 * if the entry cannot be written, as it would for a file. Transient failures (I/O, 5xx, throttling) are retried
 * {@code storage.upload-attempts} times in all, with doubling backoff; if they all fail, one probe of the output
 * bucket tells an outage from a request the store cannot take. Unanswered, {@link #store} throws {@link Unavailable}:
 * the request is not at fault, so it must not end FAILED; the caller fails over and replays it once the store is back
 * (docs/GUARANTEES.md). Answered, or a refusal (4xx, an unsafe key), ends the request FAILED with STORE_FAILED.
 * Not thread-safe: one per operator subtask.
 *
 * <p>A request a moderation gate sent to review is written under the same keys in the quarantine bucket instead, and
 * stays there until {@link #release} moves it to the output bucket or {@link #discard} deletes it.
 */
public final class AssetStore implements AutoCloseable {

    /** Where the deployment's provenance public key is published, under the output bucket. */
    public static final String PUBLIC_KEY_KEY = "_provenance/public-key.pem";
    private static final String MANIFEST_CONTENT_TYPE = "application/json";

    /** First pause between attempts; doubles each time. Short: the store is local or in the same data centre. */
    public static final Duration DEFAULT_BACKOFF = Duration.ofMillis(200);

    private static final Logger LOG = LoggerFactory.getLogger(AssetStore.class);
    
    private final StorageConfig storage;
    private final Clock clock;
    private final Attempts attempts;
    private final MinioClient client;

    private AssetStore(Builder builder) {
        this.storage = builder.storage;
        this.clock = builder.clock;
        this.attempts = new Attempts(storage.uploadAttempts(), builder.backoff, builder.sleeper);
        MinioClient.Builder client = MinioClient.builder()
                .endpoint(storage.endpoint())
                .region(storage.region())
                .credentials(storage.accessKey(), storage.secretKey());
        if (storage.endpoint().startsWith("http:")) {
            // The SDK's default HTTP client parses every certificate under SSL_CERT_FILE and SSL_CERT_DIR (about 1 s
            // per client); plain HTTP needs none. HTTPS keeps the default, so those variables still add trusted CAs.
            client.httpClient(PlainHttp.client(), true);
        }
        this.client = client.build();
        // No retries inside the SDK: upload-attempts is the one knob, and retries would otherwise multiply.
        this.client.setRetry(Set.of(), 0L, 1);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Creates the output and quarantine buckets if they are missing; safe when several subtasks open at once. */
    public void open() throws InterruptedException {
        createBucket(storage.bucket());
        createBucket(storage.quarantineBucket());
    }

    private void createBucket(String bucket) throws InterruptedException {
        try {
            attempts.run("creating bucket " + bucket, () -> {
                if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                    try {
                        client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                        LOG.info("Created bucket {} at {}", bucket, storage.endpoint());
                    } catch (Exception e) {
                        // another subtask may have won the race; only then is this not an error
                        if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                            throw e;
                        }
                    }
                }
                return null;
            });
        } catch (Attempts.Failure e) {
            throw new IllegalStateException("object store at " + storage.endpoint() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stores every file of {@code encoded} and returns its SUCCEEDED result (or, held for review, the result approval
     * will publish), or a FAILED one if a key is unsafe, the store refuses a write, or it keeps failing one write while
     * answering otherwise.
     *
     * @throws Unavailable if the store stayed unreachable (or kept answering 5xx) through every attempt, and a probe
     *     of the output bucket then went unanswered too
     * @throws InterruptedException if interrupted (the task is being canceled)
     */
    public StoreOutcome store(Encoded encoded) throws Unavailable, InterruptedException {
        long started = System.nanoTime();
        Trace trace = encoded.trace();
        boolean held = trace.heldForReview();
        try {
            List<PlannedObject> planned = plan(encoded);
            String indexKey = trace.watermarkId() == null ? null : ObjectKeys.watermarkIndex(trace.watermarkId());
            List<OutputAsset> assets = new ArrayList<>();
            List<String> quarantined = new ArrayList<>();
            long bytes = 0;
            for (PlannedObject object : planned) {
                assets.add(put(trace, object, held ? quarantined : null));
                bytes += object.file.bytes().length;
            }
            // Millisecond precision, as the result's timestamp-millis carries it, so the index entry says the same.
            Instant completedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            long millis;
            if (held) {
                millis = elapsedMillis(started);
                Trace timed = trace.timed(Stages.STORE, millis);
                GenerationResult pending = Outcomes.succeeded(timed, assets, completedAt);
                ReviewTask task = ReviewTask.newBuilder()
                        .setRequestId(trace.requestId())
                        .setTenantId(trace.tenantId())
                        .setCampaignId(trace.request().getCampaignId())
                        .setPrompt(trace.request().getPrompt())
                        .setVerdict(trace.moderation())
                        .setQuarantined(quarantined)
                        .setResult(pending)
                        .setHeldAt(completedAt)
                        .build();
                return new StoreOutcome.Held(timed, pending, task, millis, assets.size(), bytes);
            }
            if (indexKey != null) {
                // After the assets, so an entry never names objects that are not there yet.
                putIndexEntry(indexKey, Outcomes.succeeded(trace, assets, completedAt));
            }
            millis = elapsedMillis(started);
            Trace timed = trace.timed(Stages.STORE, millis);
            return new StoreOutcome.Stored(
                    timed, Outcomes.succeeded(timed, assets, completedAt), millis, assets.size(), bytes);
        } catch (UnsafeKeyException e) {
            return failed(trace, started, Rejection.of(ErrorCode.INVALID_FIELD, e.getMessage()));
        } catch (Attempts.Failure e) {
            if (e.unavailable() && !storeAnswers()) {
                throw new Unavailable("request " + trace.tenantId() + "/" + trace.requestId() + ": " + e.getMessage(), e);
            }
            return failed(trace, started, Rejection.of(ErrorCode.STORE_FAILED, e.getMessage()));
        }
    }

    /**
     * One probe, no retries, after a request's write kept failing transiently: if the store still answers for the
     * output bucket, the failure is the request's (a proxy refusing one large object, a 500 for one key), and failing
     * the task would replay it into the same error for every tenant, over and over.
     */
    private boolean storeAnswers() throws InterruptedException {
        try {
            client.bucketExists(BucketExistsArgs.builder().bucket(storage.bucket()).build());
            return true;
        } catch (Exception e) {
            if (e instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("probe of " + storage.endpoint() + " interrupted");
            }
            LOG.warn("Object store at {} does not answer either: {}", storage.endpoint(), StoreErrors.describe(e));
            return !StoreErrors.isTransient(e);
        }
    }

    /**
     * The object store stayed unavailable through every attempt and the probe: retrying later, not failing the
     * request, is right.
     */
    public static final class Unavailable extends IOException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Approves a held request: copies its quarantined objects (manifests first, as {@link #store} writes them) to the
     * same keys in the output bucket, writes its watermark index entry, then deletes the quarantined copies. Safe to
     * repeat after a failure part-way: copies overwrite, and objects already moved are not needed again.
     *
     * @throws IOException once the store keeps failing, or if a quarantined object is gone and not yet moved
     */
    public void release(ReviewTask task) throws IOException, InterruptedException {
        try {
            for (String uri : task.getQuarantined()) {
                String key = keyOf(task, uri);
                String target = "s3://" + storage.bucket() + "/" + key;
                attempts.run("copy of " + uri + " to " + target, () -> {
                    try {
                        return client.copyObject(CopyObjectArgs.builder()
                                .bucket(storage.bucket()).object(key)
                                .source(SourceObject.builder().bucket(storage.quarantineBucket()).object(key).build())
                                .build());
                    } catch (ErrorResponseException e) {
                        if (isMissing(e) && exists(storage.bucket(), key)) {
                            return null; // moved by an earlier, interrupted release
                        }
                        throw e;
                    }
                });
            }
            GenerationResult result = task.getResult();
            if (result.getWatermarkId() != null) {
                putIndexEntry(ObjectKeys.watermarkIndex(result.getWatermarkId()), result);
            }
            for (String uri : task.getQuarantined()) {
                remove(storage.quarantineBucket(), keyOf(task, uri));
            }
        } catch (Attempts.Failure e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * Deletes a held request's objects (a reviewer rejected it): the quarantined copies, and any copy an approval
     * interrupted or overtaken by this rejection made in the output bucket, with its watermark index entry. Deleting
     * what is gone is no error.
     */
    public void discard(ReviewTask task) throws IOException, InterruptedException {
        try {
            for (String uri : task.getQuarantined()) {
                String key = keyOf(task, uri);
                for (String bucket : List.of(storage.quarantineBucket(), storage.bucket())) {
                    remove(bucket, key);
                }
            }
            String watermarkId = task.getResult().getWatermarkId();
            if (watermarkId != null) {
                remove(storage.bucket(), ObjectKeys.watermarkIndex(watermarkId));
            }
        } catch (Attempts.Failure e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private void remove(String bucket, String key) throws Attempts.Failure, InterruptedException {
        attempts.run("delete of s3://" + bucket + "/" + key, () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            return null;
        });
    }

    /**
     * The key of one of a task's quarantined objects; refuses URIs outside the quarantine bucket or outside the
     * request's own prefix, so a forged task cannot move or delete anyone else's objects.
     */
    private String keyOf(ReviewTask task, String uri) {
        String prefix = "s3://" + storage.quarantineBucket() + "/";
        if (!uri.startsWith(prefix)) {
            throw new IllegalArgumentException(uri + " is not in the quarantine bucket " + storage.quarantineBucket());
        }
        String key = ObjectKeys.checked(uri.substring(prefix.length()));
        if (!key.startsWith(task.getTenantId() + "/" + task.getRequestId() + "/")) {
            throw new IllegalArgumentException(uri + " is not one of request " + task.getTenantId() + "/"
                    + task.getRequestId() + "'s objects");
        }
        return key;
    }

    private boolean exists(String bucket, String key) throws Exception {
        try {
            client.statObject(io.minio.StatObjectArgs.builder().bucket(bucket).object(key).build());
            return true;
        } catch (ErrorResponseException e) {
            if (isMissing(e)) {
                return false;
            }
            throw e;
        }
    }

    private static boolean isMissing(ErrorResponseException e) {
        String code = e.errorResponse() == null ? "" : e.errorResponse().code();
        return "NoSuchKey".equals(code) || "NoSuchBucket".equals(code);
    }

    private void putIndexEntry(String indexKey, GenerationResult result) throws Attempts.Failure, InterruptedException {
        byte[] entry = WatermarkIndex.Entry.of(result).toJson();
        putObject(storage.bucket(), indexKey, entry, "application/json", metadata(result.getRequestId(),
                result.getTenantId(), result.getWatermarkId(), result.getModel(), Sha256.hex(entry)));
    }

    /**
     * Writes one object under the output bucket (a campaign summary, say) with the same retries; returns its URI.
     * Throws IllegalStateException with the reason if the key is unsafe or the store keeps failing.
     */
    public String write(ObjectWrite object) throws InterruptedException {
        String key = ObjectKeys.checked(object.key());
        try {
            return putObject(storage.bucket(), key, object.bytes(), object.contentType(),
                    Map.of("sha256", Sha256.hex(object.bytes())));
        } catch (Attempts.Failure e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * The keys under {@code prefix} in the output bucket, in key order (a campaign's ledger, say), with the same
     * retries; an absent bucket lists nothing. IOException once the store keeps failing.
     */
    public List<String> list(String prefix) throws IOException, InterruptedException {
        boolean folder = prefix.endsWith("/");
        String checked = ObjectKeys.checked(folder ? prefix.substring(0, prefix.length() - 1) : prefix)
                + (folder ? "/" : "");
        try {
            return attempts.run("listing of s3://" + storage.bucket() + "/" + checked, () -> {
                if (!client.bucketExists(BucketExistsArgs.builder().bucket(storage.bucket()).build())) {
                    return List.<String>of();
                }
                List<String> keys = new ArrayList<>();
                for (io.minio.Result<io.minio.messages.Item> item : client.listObjects(io.minio.ListObjectsArgs.builder()
                        .bucket(storage.bucket()).prefix(checked).recursive(true).build())) {
                    keys.add(item.get().objectName());
                }
                return keys;
            });
        } catch (Attempts.Failure e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * Writes an object for requests to read, {@code s3://bucket/key} in one of the shared input buckets
     * ({@code storage.input-buckets}; created if missing), with the same retries: a campaign's logo, which its
     * requests name as their visible mark. Any other bucket is refused, so nothing reaches the output or quarantine
     * buckets this way. Throws IllegalArgumentException for such a URI or an unsafe key, IllegalStateException with
     * the reason if the store keeps failing.
     */
    public String writeInput(String uri, byte[] bytes, String contentType) throws InterruptedException {
        int slash = uri.startsWith("s3://") ? uri.indexOf('/', 5) : -1;
        String bucket = slash < 0 ? "" : uri.substring(5, slash);
        if (!storage.inputBuckets().contains(bucket) || bucket.equals(storage.quarantineBucket())) {
            throw new IllegalArgumentException(uri + " is not in a shared input bucket (storage.input-buckets: "
                    + storage.inputBuckets() + ")");
        }
        String key = ObjectKeys.checked(uri.substring(slash + 1));
        createBucket(bucket);
        try {
            return putObject(bucket, key, bytes, contentType, Map.of("sha256", Sha256.hex(bytes)));
        } catch (Attempts.Failure e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** An input object that does not exist or is larger than allowed: retrying will not help. */
    public static final class UnusableObject extends IOException {
        private final boolean missing;

        UnusableObject(String message, boolean missing) {
            super(message);
            this.missing = missing;
        }

        /** True if it does not exist, false if it is too large. */
        public boolean missing() {
            return missing;
        }
    }

    /**
     * Reads an input object, {@code s3://bucket/key}, of at most {@code maxBytes}, with the same retries. Which
     * buckets a tenant may read is checked when the request is accepted, not here. Throws {@link UnusableObject}
     * for a missing or too large object, another IOException once the store keeps failing.
     */
    public byte[] read(String uri, long maxBytes) throws IOException, InterruptedException {
        return withAttempts(uri, () -> {
            try (InputStream in = get(uri)) {
                byte[] bytes = in.readNBytes(Math.toIntExact(Math.min(Integer.MAX_VALUE - 8, maxBytes + 1)));
                if (bytes.length > maxBytes) {
                    throw new UnusableObject(uri + " is larger than the " + maxBytes + " bytes allowed", false);
                }
                return bytes;
            }
        });
    }

    /**
     * Opens an object for streaming (model weights can outgrow an array), retrying the request as {@link #read}
     * does; errors while reading the stream are the caller's. The caller closes it.
     */
    public InputStream open(String uri) throws IOException, InterruptedException {
        return withAttempts(uri, () -> get(uri));
    }

    /**
     * The SHA-256 the store wrote with an object (its {@code sha256} metadata), empty if it has none, retried as
     * {@link #read} is; {@link UnusableObject} if the object does not exist. Lets a reader check what it downloaded
     * when it has no other record of the hash (a video's poster in a campaign manifest).
     */
    public Optional<String> storedSha256(String uri) throws IOException, InterruptedException {
        return withAttempts(uri, () -> {
            Location at = Location.of(uri);
            try {
                for (Map.Entry<String, String> meta : client.statObject(io.minio.StatObjectArgs.builder()
                        .bucket(at.bucket()).object(at.key()).build()).userMetadata()) {
                    if (meta.getKey().equalsIgnoreCase("sha256")) { // S3 servers may title-case metadata keys
                        return Optional.of(meta.getValue());
                    }
                }
                return Optional.<String>empty();
            } catch (ErrorResponseException e) {
                if (isMissing(e)) {
                    throw new UnusableObject("no such object: " + uri, true);
                }
                throw e;
            }
        });
    }

    private <T> T withAttempts(String uri, Attempts.Call<T> action) throws IOException, InterruptedException {
        if (!uri.startsWith("s3://") || uri.indexOf('/', 5) < 0) {
            throw new UnusableObject("not an s3://bucket/key URI: " + uri, true);
        }
        try {
            return attempts.run("read of " + uri, action);
        } catch (Attempts.Failure e) {
            if (e.getCause() instanceof UnusableObject unusable) {
                throw unusable;
            }
            throw new IOException(e.getMessage(), e);
        }
    }

    private InputStream get(String uri) throws Exception {
        Location at = Location.of(uri);
        try {
            return client.getObject(GetObjectArgs.builder().bucket(at.bucket()).object(at.key()).build());
        } catch (ErrorResponseException e) {
            if (isMissing(e)) {
                throw new UnusableObject("no such object: " + uri, true);
            }
            throw e;
        }
    }

    /** An {@code s3://bucket/key} URI's parts; {@link #withAttempts} has checked its shape. */
    private record Location(String bucket, String key) {
        static Location of(String uri) {
            int slash = uri.indexOf('/', 5);
            return new Location(uri.substring(5, slash), uri.substring(slash + 1));
        }
    }

    @Override
    public void close() throws Exception {
        // Releases pooled keep-alive connections; a server stopping later would otherwise wait for them.
        client.close();
    }

    private record PlannedObject(EncodedFile file, String key) {}

    /** Every key first, so an unsafe name fails the request before anything is written. */
    private List<PlannedObject> plan(Encoded encoded) throws Attempts.Failure {
        if (encoded.files() == null || encoded.files().isEmpty()) {
            throw new Attempts.Failure("nothing to store: the request has no encoded files");
        }
        Set<String> keys = new HashSet<>();
        List<PlannedObject> planned = new ArrayList<>();
        for (EncodedFile file : encoded.files()) {
            String key = ObjectKeys.of(encoded.trace().tenantId(), encoded.trace().requestId(), file.name());
            if (!keys.add(key) || (file.manifest() != null && !keys.add(key + EncodedFile.MANIFEST_SUFFIX))) {
                throw new Attempts.Failure("two objects of the request are both named " + key);
            }
            planned.add(new PlannedObject(file, key));
        }
        return planned;
    }

    /**
     * Writes one file (and its manifest) and returns its asset, whose URIs name the output bucket. With
     * {@code quarantined} not null the objects go to the quarantine bucket instead, and their URIs are added to it.
     */
    private OutputAsset put(Trace trace, PlannedObject object, List<String> quarantined)
            throws Attempts.Failure, InterruptedException {
        String bucket = quarantined == null ? storage.bucket() : storage.quarantineBucket();
        EncodedFile file = object.file;
        String sha256 = Sha256.hex(file.bytes());
        String manifestUri = null;
        if (file.manifest() != null) {
            // The sidecar first: an asset is never visible without the manifest that vouches for it.
            String key = object.key + EncodedFile.MANIFEST_SUFFIX;
            String written = putObject(bucket, key, file.manifest(), MANIFEST_CONTENT_TYPE,
                    metadata(trace, Sha256.hex(file.manifest())));
            manifestUri = "s3://" + storage.bucket() + "/" + key;
            if (quarantined != null) {
                quarantined.add(written);
            }
        }
        String written = putObject(bucket, object.key, file.bytes(), file.contentType(), metadata(trace, sha256));
        String uri = "s3://" + storage.bucket() + "/" + object.key;
        if (quarantined != null) {
            quarantined.add(written);
        }
        return OutputAsset.newBuilder()
                .setUri(uri)
                .setRole(file.role())
                .setContentType(file.contentType())
                .setBytes(file.bytes().length)
                .setSha256(sha256)
                .setWidth(file.width())
                .setHeight(file.height())
                .setFrames(file.frames())
                .setDurationSeconds(file.durationSeconds())
                .setManifestUri(manifestUri)
                .build();
    }

    /** One PUT, retried by {@link Attempts}; returns the object's URI. */
    private String putObject(String bucket, String key, byte[] bytes, String contentType, Map<String, String> metadata)
            throws Attempts.Failure, InterruptedException {
        String uri = "s3://" + bucket + "/" + key;
        attempts.run("upload of " + uri, () -> client.putObject(PutObjectArgs.builder()
                .bucket(bucket)
                .object(key)
                .data(bytes, bytes.length)
                .contentType(contentType)
                .userMetadata(metadata)
                .build()));
        return uri;
    }

    /** What an object says about itself, for audits straight from the bucket (S3 returns the keys title-cased). */
    private static Map<String, String> metadata(Trace trace, String sha256) {
        return metadata(trace.requestId(), trace.tenantId(), trace.watermarkId(), trace.model(), sha256);
    }

    private static Map<String, String> metadata(
            String requestId, String tenantId, String watermarkId, ModelInfo model, String sha256) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("request-id", requestId);
        metadata.put("tenant-id", tenantId);
        if (watermarkId != null) {
            metadata.put("watermark-id", watermarkId);
        }
        if (model != null) {
            metadata.put("model-id", model.getId());
        }
        metadata.put("sha256", sha256);
        return metadata;
    }

    private StoreOutcome failed(Trace trace, long started, Rejection why) {
        long millis = elapsedMillis(started);
        Trace timed = trace.timed(Stages.STORE, millis);
        LOG.warn("Request {}/{} failed to store: {}", trace.tenantId(), trace.requestId(), why);
        return new StoreOutcome.Failed(
                timed, Outcomes.ended(timed, ResultStatus.FAILED, why, clock.instant()), millis, why);
    }

    private static long elapsedMillis(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    public static final class Builder {
        private StorageConfig storage;
        private Clock clock = Clock.systemUTC();
        private Duration backoff = DEFAULT_BACKOFF;
        private Attempts.Sleeper sleeper = Thread::sleep;

        private Builder() {}

        /** Endpoint, credentials, bucket and attempts ({@code storage.*}). */
        public Builder storage(StorageConfig storage) {
            this.storage = storage;
            return this;
        }

        /** Stamps results' {@code completed_at}. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** First pause between attempts ({@link #DEFAULT_BACKOFF}); doubles per attempt up to 10 s. */
        public Builder backoff(Duration backoff) {
            this.backoff = backoff;
            return this;
        }

        Builder sleeper(Attempts.Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        public AssetStore build() {
            Objects.requireNonNull(storage, "storage");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(backoff, "backoff");
            require(storage.endpoint() != null && !storage.endpoint().isBlank(), "storage.endpoint is empty");
            URI endpoint = endpoint(storage.endpoint());
            require("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()),
                    "storage.endpoint must be an http(s) URL, got " + storage.endpoint());
            require(endpoint.getHost() != null, "storage.endpoint has no host: " + storage.endpoint());
            bucketName("storage.bucket", storage.bucket());
            bucketName("storage.quarantine-bucket", storage.quarantineBucket());
            require(!storage.bucket().equals(storage.quarantineBucket()),
                    "storage.quarantine-bucket must differ from storage.bucket: held outputs must not be public");
            require(storage.accessKey() != null && !storage.accessKey().isBlank(), "storage.access-key is empty");
            require(storage.secretKey() != null && !storage.secretKey().isBlank(), "storage.secret-key is empty");
            require(storage.uploadAttempts() >= 1, "storage.upload-attempts must be at least 1, got "
                    + storage.uploadAttempts());
            require(!backoff.isNegative(), "backoff must not be negative, got " + backoff);
            return new AssetStore(this);
        }

        private static void bucketName(String key, String bucket) {
            require(bucket != null && !bucket.isBlank(), key + " is empty");
            try {
                BucketExistsArgs.builder().bucket(bucket).build(); // the SDK's bucket naming rules
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
            }
        }

        private static URI endpoint(String endpoint) {
            try {
                return new URI(endpoint);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("storage.endpoint must be an http(s) URL, got " + endpoint, e);
            }
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}

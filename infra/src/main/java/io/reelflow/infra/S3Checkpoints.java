package io.reelflow.infra;

import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.config.StorageConfig;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;

/**
 * Where a local deployment keeps Flink's checkpoints and savepoints: in the S3 store of {@code storage.*}, bucket
 * {@code local.checkpoint-bucket}, under one prefix per deployment ({@value #UP} for the MiniCluster of
 * {@code reelflow up}, {@value #CLUSTER} for {@code reelflow cluster up}), so neither resumes from the other's.
 * Flink writes them through its presto S3 filesystem ({@link FlinkPlugins}).
 */
public record S3Checkpoints(StorageConfig storage, String bucket, String deployment) {

    public static final String UP = "up";
    public static final String CLUSTER = "cluster";
    /** {@code <job-id>/chk-<n>/_metadata}: the file Flink writes last, so a checkpoint with it is complete. */
    private static final Pattern METADATA = Pattern.compile("[0-9a-f]{32}/chk-(\\d+)/_metadata");

    public S3Checkpoints {
        if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("local.checkpoint-bucket must be an S3 bucket name, was '" + bucket + "'");
        }
    }

    public static S3Checkpoints of(ReelflowConfig config, String deployment) {
        return new S3Checkpoints(config.storage(), config.local().checkpointBucket(), deployment);
    }

    /** {@code s3://bucket/deployment/checkpoints}: Flink adds {@code <job-id>/chk-<n>/}. */
    public String checkpointsDir() {
        return "s3://" + bucket + "/" + deployment + "/checkpoints";
    }

    /** {@code s3://bucket/deployment/savepoints}: Flink adds {@code savepoint-<job>-<random>/}. */
    public String savepointsDir() {
        return "s3://" + bucket + "/" + deployment + "/savepoints";
    }

    /**
     * Flink settings: the checkpoint and savepoint directories and the presto S3 filesystem's endpoint, credentials
     * and path-style access (the local S3 server, like MinIO, has no per-bucket host names).
     */
    public Map<String, String> flinkSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("execution.checkpointing.dir", checkpointsDir());
        settings.put("execution.checkpointing.savepoint-dir", savepointsDir());
        settings.put("s3.endpoint", storage.endpoint());
        settings.put("s3.access-key", storage.accessKey());
        settings.put("s3.secret-key", storage.secretKey());
        settings.put("s3.path.style.access", "true");
        return settings;
    }

    /** The newest complete checkpoint of any job of this deployment, as {@code s3://.../chk-<n>}, if there is one. */
    public Optional<String> latestCheckpoint() throws Exception {
        String prefix = deployment + "/checkpoints/";
        record Found(String key, long modified, long number) {}
        Found newest = null;
        Comparator<Found> order = Comparator.comparingLong(Found::modified).thenComparingLong(Found::number);
        try (MinioClient s3 = client()) {
            for (Result<Item> result : s3.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                    .recursive(true).build())) {
                Item item = result.get();
                Matcher m = METADATA.matcher(item.objectName().substring(prefix.length()));
                if (m.matches()) {
                    Found found = new Found(item.objectName(), item.lastModified().toInstant().toEpochMilli(),
                            Long.parseLong(m.group(1)));
                    newest = newest == null || order.compare(found, newest) > 0 ? found : newest;
                }
            }
        }
        return Optional.ofNullable(newest)
                .map(f -> "s3://" + bucket + "/" + f.key().substring(0, f.key().length() - "/_metadata".length()));
    }

    private MinioClient client() {
        return MinioClient.builder().endpoint(storage.endpoint()).region(storage.region())
                .credentials(storage.accessKey(), storage.secretKey())
                // The default client parses every system CA certificate first (about 1 s); plain HTTP needs none.
                .httpClient(new OkHttpClient(), true).build();
    }
}

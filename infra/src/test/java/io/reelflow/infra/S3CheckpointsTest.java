package io.reelflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelflow.config.ConfigLoader;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.config.StorageConfig;
import io.reelflow.infra.local.EmbeddedS3;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flink's presto S3 filesystem, loaded as a plugin in this JVM, against the local S3 server with the settings the local
 * deployments use; and how {@code reelflow up} finds the checkpoint to resume from.
 */
class S3CheckpointsTest {

    private static final String JOB_A = "a".repeat(32);
    private static final String JOB_B = "b".repeat(32);

    @TempDir
    Path dataDir;

    @Test
    void flinkWritesAndReadsTheBucketAndTheNewestCompleteCheckpointOfTheDeploymentIsFound() throws Exception {
        ReelflowConfig config = ConfigLoader.builder().set("storage.endpoint", "http://127.0.0.1:0").build();
        try (EmbeddedS3 s3 = EmbeddedS3.start(config.storage(), dataDir, config.local().checkpointBucket())) {
            S3Checkpoints up = new S3Checkpoints(at(config.storage(), s3.endpoint()), "reelflow-checkpoints", S3Checkpoints.UP);
            S3Checkpoints cluster = new S3Checkpoints(up.storage(), up.bucket(), S3Checkpoints.CLUSTER);
            FlinkPlugins.initializeFileSystems(Configuration.fromMap(up.flinkSettings()));
            assertThat(up.latestCheckpoint()).isEmpty();

            write(up.checkpointsDir() + "/" + JOB_B + "/chk-7/_metadata", "job b, checkpoint 7");
            Thread.sleep(1100); // the store keeps modification times to the second
            write(up.checkpointsDir() + "/" + JOB_A + "/chk-2/_metadata", "job a, checkpoint 2");
            write(up.checkpointsDir() + "/" + JOB_A + "/chk-3/_metadata", "job a, checkpoint 3");
            write(up.checkpointsDir() + "/" + JOB_A + "/chk-4/op-state", "not complete: no _metadata yet");
            write(up.checkpointsDir() + "/" + JOB_A + "/shared/state", "shared state");
            Thread.sleep(1100);
            write(cluster.checkpointsDir() + "/" + JOB_B + "/chk-9/_metadata", "the cluster's, newer");

            assertThat(read(up.checkpointsDir() + "/" + JOB_A + "/chk-3/_metadata")).isEqualTo("job a, checkpoint 3");
            assertThat(up.latestCheckpoint()).contains(up.checkpointsDir() + "/" + JOB_A + "/chk-3");
            assertThat(cluster.latestCheckpoint()).contains(cluster.checkpointsDir() + "/" + JOB_B + "/chk-9");
        }
    }

    @Test
    void theFlinkSettingsNameTheDirectoriesAndTheStoreWithPathStyleAccess() {
        ReelflowConfig config = ReelflowConfig.defaults();
        S3Checkpoints cluster = S3Checkpoints.of(config, S3Checkpoints.CLUSTER);

        assertThat(cluster.flinkSettings())
                .containsEntry("execution.checkpointing.dir", "s3://reelflow-checkpoints/cluster/checkpoints")
                .containsEntry("execution.checkpointing.savepoint-dir", "s3://reelflow-checkpoints/cluster/savepoints")
                .containsEntry("s3.endpoint", config.storage().endpoint())
                .containsEntry("s3.access-key", config.storage().accessKey())
                .containsEntry("s3.secret-key", config.storage().secretKey())
                .containsEntry("s3.path.style.access", "true");
    }

    @Test
    void aBucketNameS3RefusesFailsNamingTheSetting() {
        ReelflowConfig config = ConfigLoader.builder().set("local.checkpoint-bucket", "Not_A_Bucket").build();

        assertThatThrownBy(() -> S3Checkpoints.of(config, S3Checkpoints.UP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("local.checkpoint-bucket");
    }

    private static StorageConfig at(StorageConfig s, String endpoint) {
        return new StorageConfig(endpoint, s.region(), s.accessKey(), s.secretKey(), s.bucket(), s.quarantineBucket(),
                s.inputBuckets(), s.uploadAttempts());
    }

    private static void write(String uri, String content) throws Exception {
        org.apache.flink.core.fs.Path path = new org.apache.flink.core.fs.Path(uri);
        try (OutputStream out = path.getFileSystem().create(path, FileSystem.WriteMode.NO_OVERWRITE)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String read(String uri) throws Exception {
        org.apache.flink.core.fs.Path path = new org.apache.flink.core.fs.Path(uri);
        try (FSDataInputStream in = path.getFileSystem().open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

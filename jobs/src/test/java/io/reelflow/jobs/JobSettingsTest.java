package io.reelflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelflow.config.ConfigLoader;
import io.reelflow.config.ReelflowConfig;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.CheckpointConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

class JobSettingsTest {

    @Test
    void checkpointsExactlyOnceWithTheConfiguredTimeoutAndToleratedFailures() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();

        JobSettings.checkpointing(env, ConfigLoader.builder().set("pipeline.checkpoint-interval", "2s")
                .set("pipeline.checkpoint-timeout", "45s").set("pipeline.tolerable-failed-checkpoints", "4").build());

        CheckpointConfig checkpoints = env.getCheckpointConfig();
        assertThat(checkpoints.getCheckpointInterval()).isEqualTo(2000);
        assertThat(checkpoints.getCheckpointingConsistencyMode()).isEqualTo(CheckpointingMode.EXACTLY_ONCE);
        assertThat(checkpoints.getCheckpointTimeout()).isEqualTo(45_000);
        assertThat(checkpoints.getTolerableCheckpointFailureNumber()).isEqualTo(4);
        assertThat(checkpoints.getExternalizedCheckpointRetention())
                .isEqualTo(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    }

    @Test
    void theDefaultsLeaveATransactionTimeToCommit() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();

        ReelflowConfig defaults = ConfigLoader.builder().build();

        JobSettings.checkpointing(env, defaults);

        // The longest a sink transaction may wait for its commit, from what the job set; the broker aborts it after
        // kafka.transaction-timeout.
        CheckpointConfig checkpoints = env.getCheckpointConfig();
        int tolerable = checkpoints.getTolerableCheckpointFailureNumber();
        long longestTransactionMs =
                (tolerable + 2L) * (checkpoints.getCheckpointTimeout() + checkpoints.getCheckpointInterval());
        assertThat(tolerable).isPositive();
        assertThat(longestTransactionMs).isLessThan(defaults.kafka().transactionTimeout().toMillis());
    }

    @Test
    void refusesToleranceUnderWhichAnOpenTransactionCouldExpireBeforeItsCommit() {
        // (3 + 2) x (2m + 10s) = 10m50s, beyond the 10m transaction timeout
        ReelflowConfig config = ConfigLoader.builder().set("pipeline.checkpoint-timeout", "2m")
                .set("pipeline.tolerable-failed-checkpoints", "3").build();

        assertThatThrownBy(() -> JobSettings.checkpointing(StreamExecutionEnvironment.getExecutionEnvironment(), config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kafka.transaction-timeout (PT10M)")
                .hasMessageContaining("pipeline.tolerable-failed-checkpoints")
                .hasMessageContaining("PT10M50S");
    }

    @Test
    void refusesANegativeTolerance() {
        ReelflowConfig config = ConfigLoader.builder().set("pipeline.tolerable-failed-checkpoints", "-1").build();

        assertThatThrownBy(() -> JobSettings.checkpointing(StreamExecutionEnvironment.getExecutionEnvironment(), config))
                .hasMessageContaining("pipeline.tolerable-failed-checkpoints must not be negative");
    }

    @Test
    void theMaxParallelismIsFixedSoASavepointRescalesOverTheSameKeyGroups() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();

        JobSettings.apply(env, ConfigLoader.builder().set("pipeline.parallelism", "2").build());

        assertThat(env.getParallelism()).isEqualTo(2);
        assertThat(env.getMaxParallelism()).isEqualTo(128);
    }

    @Test
    void aParallelismAboveTheMaxParallelismFailsNamingBothSettings() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();

        assertThatThrownBy(() -> JobSettings.apply(env, ConfigLoader.builder()
                .set("pipeline.parallelism", "4").set("pipeline.max-parallelism", "2").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pipeline.parallelism").hasMessageContaining("pipeline.max-parallelism");
    }
}

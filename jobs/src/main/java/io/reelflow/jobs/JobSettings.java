package io.reelflow.jobs;

import io.reelflow.config.ConfigLoader;
import io.reelflow.config.PipelineConfig;
import io.reelflow.config.ReelflowConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Environment settings both jobs share, and how a cluster entry point reads its configuration. */
final class JobSettings {

    /** Flink's upper bound for the number of key groups. */
    private static final int MAX_KEY_GROUPS = 1 << 15;

    private JobSettings() {}

    static void apply(StreamExecutionEnvironment env, ReelflowConfig config) {
        int parallelism = config.pipeline().parallelism();
        int maxParallelism = config.pipeline().maxParallelism();
        if (parallelism < 1 || parallelism > maxParallelism) {
            throw new IllegalArgumentException("pipeline.parallelism must be 1.." + maxParallelism
                    + " (pipeline.max-parallelism), was " + parallelism);
        }
        if (maxParallelism > MAX_KEY_GROUPS) {
            throw new IllegalArgumentException("pipeline.max-parallelism must be at most " + MAX_KEY_GROUPS + ", was "
                    + maxParallelism);
        }
        env.setParallelism(parallelism);
        // Fixed rather than derived from the parallelism, so keyed state keeps its key groups when a savepoint is
        // resumed at another parallelism.
        env.setMaxParallelism(maxParallelism);
        // Stages never modify or keep a record after emitting it, so chained operators can hand frames over
        // without copying them (a video's frames are megabytes).
        env.getConfig().enableObjectReuse();
    }

    /**
     * Exactly-once checkpoints every {@code pipeline.checkpoint-interval}, failing after {@code checkpoint-timeout},
     * with {@code tolerable-failed-checkpoints} failures in a row ridden out, retained when the job is canceled. Refuses settings under which the sink's
     * Kafka transaction (open from one checkpoint until a later one completes) could outlive
     * {@code kafka.transaction-timeout}: the broker would abort it and the results in it would be lost.
     */
    static void checkpointing(StreamExecutionEnvironment env, ReelflowConfig config) {
        PipelineConfig pipeline = config.pipeline();
        Duration interval = pipeline.checkpointInterval();
        Duration timeout = pipeline.checkpointTimeout();
        int tolerable = pipeline.tolerableFailedCheckpoints();
        require(interval.toMillis() >= 10, "pipeline.checkpoint-interval must be at least 10ms, was " + interval);
        require(timeout.toMillis() >= 10, "pipeline.checkpoint-timeout must be at least 10ms, was " + timeout);
        require(tolerable >= 0, "pipeline.tolerable-failed-checkpoints must not be negative, was " + tolerable);
        Duration longestTransaction = timeout.plus(interval).multipliedBy(tolerable + 2L);
        require(longestTransaction.compareTo(config.kafka().transactionTimeout()) < 0,
                "kafka.transaction-timeout (" + config.kafka().transactionTimeout() + ") must exceed (pipeline."
                        + "tolerable-failed-checkpoints + 2) x (pipeline.checkpoint-timeout + pipeline.checkpoint-interval)"
                        + " = " + longestTransaction + ", the longest a transaction may wait for its commit");
        env.enableCheckpointing(interval.toMillis(), CheckpointingMode.EXACTLY_ONCE);
        env.getCheckpointConfig().setCheckpointTimeout(timeout.toMillis());
        env.getCheckpointConfig().setTolerableCheckpointFailureNumber(tolerable);
        // Set by the job, not the cluster: a job submitted to a session cluster takes its checkpoint settings from the
        // client, so a cluster's config.yaml would not reach it. Retained, a canceled job can be resumed.
        env.getCheckpointConfig().setExternalizedCheckpointRetention(
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** {@code [--config FILE] [key=value ...]}, over {@code environment}'s REELFLOW_* variables. */
    static ReelflowConfig configFromArgs(List<String> args, Map<String, String> environment) {
        ConfigLoader loader = ConfigLoader.builder().environment(environment);
        List<String> assignments = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--config") && i + 1 < args.size()) {
                loader.file(Path.of(args.get(++i)));
            } else {
                assignments.add(args.get(i));
            }
        }
        return loader.set(assignments).build();
    }
}

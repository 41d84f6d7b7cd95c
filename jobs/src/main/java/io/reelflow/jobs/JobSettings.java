package io.reelflow.jobs;

import io.reelflow.config.ConfigLoader;
import io.reelflow.config.ReelflowConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    /** {@code [--config FILE] [key=value ...]}, over the environment's REELFLOW_* variables. */
    static ReelflowConfig configFromArgs(List<String> args) {
        ConfigLoader loader = ConfigLoader.builder().environment(System.getenv());
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

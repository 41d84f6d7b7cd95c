package io.reelflow.jobs;

import io.reelflow.config.ConfigLoader;
import io.reelflow.config.ReelflowConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Environment settings both jobs share, and how a cluster entry point reads its configuration. */
final class JobSettings {

    private JobSettings() {}

    static void apply(StreamExecutionEnvironment env, ReelflowConfig config) {
        env.setParallelism(config.pipeline().parallelism());
        // Stages never modify or keep a record after emitting it, so chained operators can hand frames over
        // without copying them (a video's frames are megabytes).
        env.getConfig().enableObjectReuse();
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

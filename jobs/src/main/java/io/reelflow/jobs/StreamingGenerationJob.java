package io.reelflow.jobs;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.jobs.kafka.KafkaInputs;
import io.reelflow.jobs.kafka.KafkaOutputs;
import java.util.Arrays;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Prompt events from Kafka through the chain to the object store, results, events and dead letters to Kafka; cancel
 * commands from the control topic.
 */
public final class StreamingGenerationJob {

    public static final String NAME = "reelflow-streaming-generation";

    private StreamingGenerationJob() {}

    /** Adds the job to {@code env}; the caller executes it. */
    public static void define(StreamExecutionEnvironment env, ReelflowConfig config) {
        env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
        JobSettings.checkpointing(env, config);
        JobSettings.apply(env, config);
        ChainOutputs outputs = GenerationPipeline.build(KafkaInputs.requests(env, config.kafka()),
                KafkaInputs.controls(env, config.kafka()), config);
        KafkaOutputs.write(outputs.counted(config), config.kafka());
    }

    /** Entry point for a cluster: {@code [--config FILE] [key=value ...]}. */
    public static void main(String[] args) throws Exception {
        ReelflowConfig config = JobSettings.configFromArgs(Arrays.asList(args), System.getenv());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        define(env, config);
        env.execute(NAME);
    }
}

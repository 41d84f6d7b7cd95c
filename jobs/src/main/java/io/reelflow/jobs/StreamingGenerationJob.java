package io.reelflow.jobs;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.jobs.kafka.KafkaInputs;
import io.reelflow.jobs.kafka.KafkaOutputs;
import io.reelflow.operators.campaign.flink.CampaignLedgerStage;
import io.reelflow.operators.store.flink.ObjectWriteStage;
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
        ChainOutputs counted = outputs.counted(config);
        KafkaOutputs.write(counted, config.kafka());
        // Campaigns published to Kafka (`campaign run --stream`) keep their ledger as the campaign job does.
        ObjectWriteStage.apply(CampaignLedgerStage.writes(counted.results(), counted.reviews()), config);
    }

    /** Entry point for a cluster: {@code [--config FILE] [key=value ...]}. */
    public static void main(String[] args) throws Exception {
        ReelflowConfig config = JobSettings.configFromArgs(Arrays.asList(args), System.getenv());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        define(env, config);
        env.execute(NAME);
    }
}

package io.reelflow.jobs;

import io.reelflow.config.KafkaConfig;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.jobs.kafka.KafkaOutputs;
import io.reelflow.operators.campaign.Campaign;
import io.reelflow.operators.campaign.CampaignFile;
import io.reelflow.operators.campaign.CampaignSpec;
import io.reelflow.operators.campaign.flink.CampaignLedgerStage;
import io.reelflow.operators.campaign.flink.CampaignStage;
import io.reelflow.operators.campaign.run.RunPlan;
import io.reelflow.operators.campaign.spec.CampaignDefinition;
import io.reelflow.operators.store.AssetStore;
import io.reelflow.operators.store.flink.ObjectWriteStage;
import io.reelflow.pipeline.RawRequest;
import io.reelflow.pipeline.SourceRef;
import io.reelflow.pipeline.flink.StageStreams;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ReviewTask;
import io.reelflow.schema.codec.SingleObjectCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * A bounded campaign through the same chain in BATCH mode: a campaign spec's run ({@link #defineRun}, which keeps the
 * campaign's ledger), or a request file ({@link #define}, which writes a summary to
 * {@code {tenant}/campaigns/{campaign}/summary.json}; request ids are {@code {campaign}-{line}} unless a row names its
 * own, so a re-run writes the same object keys). Results, events and dead letters go to the same topics as streaming
 * requests.
 */
public final class CampaignJob {

    private CampaignJob() {}

    /** Adds the job to {@code env}; returns the summary's object URI (one element), for the caller to collect. */
    public static DataStream<String> define(
            StreamExecutionEnvironment env, ReelflowConfig config, CampaignSpec spec, CampaignFile file, Instant submittedAt) {
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        JobSettings.apply(env, config);
        StageStreams<RawRequest> rows = CampaignStage.requests(env, spec, file, submittedAt);
        ChainOutputs chain = GenerationPipeline.build(rows.main(), config);
        ChainOutputs outputs = chain.with(rows.results(), rows.events(), rows.deadLetters()).counted(config);
        KafkaOutputs.write(outputs, ownTransactions(config.kafka(), spec.campaignId()));
        return ObjectWriteStage.apply(CampaignStage.summary(outputs.results(), outputs.reviews(), spec), config);
    }

    /**
     * Adds a campaign spec's run to {@code env}: {@code requests} (a {@link RunPlan}'s) through the chain in BATCH
     * mode. Each output's ledger record is written by a writer chained onto the stage that ends it, so it is written as
     * the output ends, not when the whole batch does: a run killed half-way leaves the record of every output it
     * stored.
     */
    public static void defineRun(StreamExecutionEnvironment env, ReelflowConfig config, String campaignId,
            List<GenerationRequest> requests, Instant receivedAt) {
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        JobSettings.apply(env, config);
        SingleObjectCodec<GenerationRequest> codec = SingleObjectCodec.of(GenerationRequest.class);
        List<RawRequest> raw = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            raw.add(new RawRequest(codec.encode(requests.get(i)), SourceRef.campaignRow(campaignId, i),
                    receivedAt.toEpochMilli()));
        }
        DataStream<RawRequest> source = env.fromData(raw, TypeInformation.of(RawRequest.class))
                .name("campaign-requests").uid("reelflow-campaign-requests");
        ChainOutputs outputs = GenerationPipeline.build(source, null, config, new GenerationPipeline.StageTap() {
            @Override
            public void results(String stage, DataStream<GenerationResult> results) {
                String name = "campaign-ledger-" + stage;
                ObjectWriteStage.apply(CampaignLedgerStage.ofResults(results, name), config, name + "-write");
            }

            @Override
            public void reviews(DataStream<ReviewTask> reviews) {
                String name = "campaign-ledger-held";
                ObjectWriteStage.apply(CampaignLedgerStage.ofReviews(reviews, name), config, name + "-write");
            }
        }).counted(config);
        KafkaOutputs.write(outputs, ownTransactions(config.kafka(), campaignId));
    }

    /** The Flink job name of a campaign. */
    public static String jobName(String campaignId) {
        return "reelflow-campaign-" + campaignId;
    }

    public static String jobName(CampaignSpec spec) {
        return jobName(spec.campaignId());
    }

    /**
     * Entry point for a cluster, e.g. a FlinkDeployment in application mode: {@value CampaignArgs#USAGE}. Runs a
     * request file to its end and prints its summary's URI; or runs a campaign spec as {@code reelflow campaign run}
     * does (skipping the outputs its ledger has, within its budget) and prints its manifest's and report's URIs and
     * what the budget left undone, also after the job failed (then rethrowing its failure). A bad argument, file or spec
     * fails before any job starts.
     */
    public static void main(String[] args) throws Exception {
        CampaignArgs parsed = CampaignArgs.parse(Arrays.asList(args));
        ReelflowConfig config = parsed.config(System.getenv());
        if (parsed.spec()) {
            runSpec(parsed.loadSpec(config), config);
            return;
        }
        Campaign campaign = parsed.load(config.storage());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        try (CloseableIterator<String> uris = define(env, config, campaign.spec(), campaign.rows(), Instant.now())
                .executeAndCollect(jobName(campaign.spec()))) {
            uris.forEachRemaining(uri -> System.out.println("summary: " + uri));
        }
    }

    private static void runSpec(CampaignDefinition campaign, ReelflowConfig config) throws Exception {
        try (AssetStore store = AssetStore.builder().storage(config.storage()).build()) {
            CampaignRuns runs = new CampaignRuns(store, config.storage());
            Instant start = Instant.now();
            CampaignRuns.Started started = runs.start(campaign, config, start);
            RunPlan run = started.run();
            System.out.println(started.headline());
            Exception failure = null;
            if (!run.toRun().isEmpty()) {
                StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
                defineRun(env, config, campaign.id(), started.requests(), start);
                try {
                    env.execute(jobName(campaign.id()));
                } catch (Exception e) {
                    failure = e; // the manifest still shows what the job finished; rerunning resumes from there
                }
            }
            CampaignRuns.Results results = runs.finish(started);
            System.out.println(results.statusLine());
            CampaignRuns.leftUndone(run, 10).forEach(System.out::println);
            System.out.println("manifest: " + results.csvUri());
            System.out.println("manifest: " + results.jsonUri());
            System.out.println("report: " + results.reportUri());
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** A campaign may run beside the streaming job: its transactional ids must not fence the streaming job's. */
    private static KafkaConfig ownTransactions(KafkaConfig kafka, String campaignId) {
        return new KafkaConfig(kafka.bootstrapServers(), kafka.topics(), kafka.partitions(), kafka.replicationFactor(),
                kafka.consumerGroup(), kafka.transactionalIdPrefix() + "-campaign-" + campaignId,
                kafka.transactionTimeout());
    }
}

package io.reelflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.model.ModelCatalog;
import io.reelflow.operators.campaign.spec.CampaignDefinition;
import io.reelflow.operators.campaign.spec.CampaignSpecParser;
import io.reelflow.operators.campaign.spec.ParsedSpec;
import io.reelflow.operators.provenance.SigningKeys;
import io.reelflow.operators.store.flink.StoreStage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.OperatorIDPair;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.AdaptiveGraphManager;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The campaign run's job graph, as the BATCH runtime builds it. In BATCH mode every edge between tasks is blocking, so
 * a ledger writer in a task of its own would see nothing until its upstream task ended: the whole chain, for most
 * stages. Only a writer chained into the task of the operator that ends an output writes its record as it ends,
 * which is what lets a killed run leave the record of everything it finished.
 */
class CampaignRunGraphTest {

    private static final String LEDGER = "reelflow-campaign-ledger-";

    @TempDir
    Path dir;

    private StreamGraph graph;
    private final Map<String, JobVertex> vertexByUid = new HashMap<>();

    @BeforeEach
    void build() throws Exception {
        SigningKeys.generate().writeTo(dir);
        ReelflowConfig defaults = ReelflowConfig.defaults();
        ReelflowConfig config = defaults.withProvenance(defaults.provenance().withKeys(
                SigningKeys.signingKeyFile(dir).toString(), SigningKeys.publicKeyFile(dir).toString()));
        Path spec = Files.writeString(dir.resolve("spec.yaml"), """
                campaign: spring
                tenant: demo
                templates:
                  hero: "close-up of {product}"
                variables:
                  product: [teapot, jug]
                cross: [product]
                formats:
                  square: image 256x256
                """);
        ParsedSpec parsed = CampaignSpecParser.parse(spec, config,
                new ModelCatalog(Path.of("../models").toAbsolutePath().normalize().toString()));
        CampaignDefinition campaign = parsed.campaign().orElseThrow(() -> new AssertionError(parsed.problems()));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        CampaignJob.defineRun(env, config, campaign.id(),
                campaign.outputs().stream().map(o -> o.request(Instant.EPOCH)).toList(), Instant.EPOCH);
        graph = env.getStreamGraph();

        // A BATCH job's vertices are made by the adaptive graph manager as the vertices before them finish.
        AdaptiveGraphManager manager = new AdaptiveGraphManager(getClass().getClassLoader(), graph, Runnable::run);
        JobGraph job = manager.getJobGraph();
        ArrayDeque<JobVertex> finishing = new ArrayDeque<>();
        job.getVertices().forEach(finishing::add);
        while (!finishing.isEmpty()) {
            finishing.addAll(manager.onJobVertexFinished(finishing.poll().getID()));
        }
        assertThat(manager.getPendingOperatorsCount()).isZero();
        for (JobVertex vertex : job.getVertices()) {
            for (OperatorIDPair operator : vertex.getOperatorIDs()) {
                vertexByUid.put(operator.getUserDefinedOperatorUid(), vertex);
            }
        }
    }

    private JobVertex vertex(String uid) {
        assertThat(vertexByUid).containsKey(uid);
        return vertexByUid.get(uid);
    }

    private StreamNode node(String uid) {
        return graph.getStreamNodes().stream().filter(n -> uid.equals(n.getTransformationUID())).findFirst()
                .orElseThrow(() -> new AssertionError("no operator " + uid));
    }

    @Test
    void everyStageHasALedgerWriterAndStoredOutputsAreWrittenInTheStoreTask() {
        List<String> taps = graph.getStreamNodes().stream().map(StreamNode::getTransformationUID)
                .filter(uid -> uid != null && uid.startsWith(LEDGER) && !uid.endsWith("-write"))
                .map(uid -> uid.substring(LEDGER.length())).toList();
        assertThat(taps).containsExactlyInAnyOrder("stored", "held", "dedup", "moderate", "moderate_input",
                "generate-route", "moderate_output", "watermark", "encode", "sign", "store");

        for (String tap : List.of("stored", "held", "store")) {
            assertThat(vertex(LEDGER + tap)).as(tap).isSameAs(vertex(StoreStage.UID));
            assertThat(vertex(LEDGER + tap + "-write")).as(tap).isSameAs(vertex(StoreStage.UID));
        }
    }

    @Test
    void eachStagesRefusalsAreWrittenInTheTaskOfTheOperatorThatRefusedThem() {
        for (String tap : List.of("moderate", "moderate_input", "generate-route", "moderate_output", "watermark",
                "encode", "sign", "store")) {
            StreamNode ledger = node(LEDGER + tap);
            assertThat(ledger.getInEdges()).as(tap).hasSize(1);
            StreamNode stage = graph.getStreamNode(ledger.getInEdges().get(0).getSourceId());
            assertThat(stage.getOperatorName()).isEqualTo(tap);
            assertThat(vertex(LEDGER + tap)).as(tap).isSameAs(vertex(stage.getTransformationUID()));
            assertThat(vertex(LEDGER + tap + "-write")).as(tap).isSameAs(vertex(stage.getTransformationUID()));
        }
        // Known exception: the decode stage is two operators (decode, then dedup after a keyed exchange) whose
        // refusals arrive as one stream, and an operator with two inputs is never chained; its writer runs once the
        // whole chain has ended. Decode's refusals cost no device time, and a rerun refuses them again.
        assertThat(node(LEDGER + "dedup").getInEdges()).hasSize(2);
        assertThat(vertex(LEDGER + "dedup")).isNotSameAs(vertex("reelflow-decode"))
                .isNotSameAs(vertex("reelflow-dedup"));
    }

    @Test
    void operatorUidsAreUnique() {
        List<String> uids = graph.getStreamNodes().stream().map(StreamNode::getTransformationUID).toList();
        assertThat(uids).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(vertexByUid).hasSameSizeAs(uids);
    }
}

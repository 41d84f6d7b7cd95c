package io.reelflow.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.reelflow.config.ConfigLoader;
import io.reelflow.config.KafkaConfig;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.jobs.CampaignArgs;
import io.reelflow.jobs.CampaignJob;
import io.reelflow.operators.campaign.Campaign;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.NettyShuffleEnvironmentOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Kubernetes manifests cannot run here (no cluster, no GPU), so what can be checked is: the operator's essentials
 * are there, every Flink setting is one Flink 2.3 knows (a renamed key would be silently ignored), the entry classes
 * exist and accept their arguments, every REELFLOW_* variable binds to a configuration key, and Kafka and MinIO have
 * every topic and bucket the platform uses.
 */
class KubernetesManifestTest {

    private static final Path KUBERNETES = Path.of("kubernetes");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Settings of plugins, reporters and the operator itself, which are not options of Flink's core classes. */
    private static final List<String> NOT_FLINK_CORE = List.of("s3.", "metrics.reporter.", "kubernetes.operator.");
    private static final ReelflowConfig DEFAULTS = ConfigLoader.builder().build();

    @Test
    void theStreamingDeploymentIsStatefulOnTheObjectStoreWithGpuTaskManagers() throws Exception {
        JsonNode deployment = read("reelflow-streaming.yaml");

        assertThat(deployment.path("kind").asText()).isEqualTo("FlinkDeployment");
        assertThat(deployment.at("/spec/job/upgradeMode").asText()).isEqualTo("savepoint");
        assertThat(deployment.at("/spec/job/entryClass").asText()).isEqualTo("io.reelflow.jobs.StreamingGenerationJob");
        JsonNode flink = deployment.at("/spec/flinkConfiguration");
        assertThat(flink.path("execution.checkpointing.dir").asText()).startsWith("s3://");
        assertThat(flink.path("execution.checkpointing.savepoint-dir").asText()).startsWith("s3://");
        assertThat(flink.path("env.java.opts.all").asText())
                .contains("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.reelflow.schema", "-Dai.djl.offline=true");
        assertThat(deployment.at("/spec/taskManager/podTemplate/spec/containers/0/resources/limits")
                .path("nvidia.com/gpu").asInt()).isEqualTo(1);
    }

    @Test
    void theCampaignDeploymentRunsTheEntryPointToItsEndOnGpuTaskManagers() throws Exception {
        JsonNode deployment = read("reelflow-campaign.yaml");

        assertThat(deployment.path("kind").asText()).isEqualTo("FlinkDeployment");
        assertThat(deployment.at("/spec/job/entryClass").asText()).isEqualTo(CampaignJob.class.getName());
        assertThat(deployment.at("/spec/job/upgradeMode").asText()).isEqualTo("stateless");
        assertThat(deployment.at("/spec/job/state").asText()).isEqualTo("running");
        assertThat(deployment.at("/spec/flinkConfiguration/execution.runtime-mode").asText()).isEqualTo("BATCH");
        assertThat(deployment.at("/spec/flinkConfiguration/restart-strategy.type").asText()).isNotEmpty();
        assertThat(deployment.at("/spec/image").asText()).isEqualTo(read("reelflow-streaming.yaml").at("/spec/image").asText());
        assertThat(deployment.at("/spec/taskManager/podTemplate/spec/containers/0/resources/limits")
                .path("nvidia.com/gpu").asInt()).isEqualTo(1);
        CampaignArgs args = campaignArgs();
        String campaignId = args.campaignId() != null ? args.campaignId() : Campaign.defaultId(args.fileName());
        assertThat(deployment.at("/metadata/name").asText()).isEqualTo("reelflow-campaign-" + campaignId);
        assertThat(deployment.at("/metadata/labels/reelflow.io~1campaign").asText()).isEqualTo(campaignId);
    }

    @Test
    void theCampaignArgumentsAreOnesTheEntryPointAccepts() throws Exception {
        CampaignArgs args = campaignArgs();

        assertThat(args.file()).startsWith("s3://" + DEFAULTS.storage().inputBuckets().get(0) + "/" + args.tenant() + "/");
        assertThat(args.tenant()).isEqualTo(read("reelflow-campaign.yaml").at("/metadata/labels/reelflow.io~1tenant").asText());
        assertThat(args.config(environment(read("reelflow-campaign.yaml"))).generation().device()).isEqualTo("gpu");
    }

    @ParameterizedTest
    @ValueSource(strings = {"reelflow-streaming.yaml", "reelflow-campaign.yaml"})
    void theImageCarriesTheJobJarOnTheSystemClassPath(String file) throws Exception {
        JsonNode job = read(file).at("/spec/job");

        assertThat(job.has("jarURI")).as("a jarURI puts the job in a user-code class loader").isFalse();
        assertThat(Class.forName(job.path("entryClass").asText()).getMethod("main", String[].class)).isNotNull();
        assertThat(Files.readString(KUBERNETES.resolve("Dockerfile")))
                .contains("FROM flink:2.3.0-java17", "COPY jobs/target/reelflow-job.jar /opt/flink/lib/reelflow-job.jar");
        assertThat(Files.readString(Path.of("..", "jobs", "pom.xml"))).contains("/reelflow-job.jar</outputFile>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"reelflow-streaming.yaml", "reelflow-campaign.yaml"})
    void everyFlinkSettingIsAnOptionFlinkKnows(String file) throws Exception {
        Set<String> known = optionKeys(CheckpointingOptions.class, CoreOptions.class, ExecutionOptions.class,
                HighAvailabilityOptions.class, NettyShuffleEnvironmentOptions.class, RestartStrategyOptions.class,
                StateBackendOptions.class, TaskManagerOptions.class);
        JsonNode flink = read(file).at("/spec/flinkConfiguration");

        assertThat(flink.size()).isPositive();
        flink.fieldNames().forEachRemaining(key -> {
            if (NOT_FLINK_CORE.stream().noneMatch(key::startsWith)) {
                assertThat(known).as("Flink 2.3 option %s", key).contains(key);
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"reelflow-streaming.yaml", "reelflow-campaign.yaml"})
    void everyReelflowVariableBindsToAConfigurationKey(String file) throws Exception {
        JsonNode deployment = read(file);
        Map<String, String> variables = environment(deployment);
        Set<String> bound = ConfigLoader.keys().stream().map(ConfigLoader::envName).collect(Collectors.toSet());

        assertThat(variables).containsKeys("REELFLOW_KAFKA_BOOTSTRAP_SERVERS", "REELFLOW_STORAGE_SECRET_KEY",
                "REELFLOW_WATERMARK_SECRET", "REELFLOW_PROVENANCE_SIGNING_KEY", "REELFLOW_PROVENANCE_PUBLIC_KEY");
        assertThat(bound).as("configuration keys' variables").containsAll(variables.keySet());
        ReelflowConfig config = ConfigLoader.builder().environment(variables).build();
        assertThat(config.generation().device()).isEqualTo("gpu");
        // The job sets its parallelism from the configuration, which would otherwise override job.parallelism.
        assertThat(config.pipeline().parallelism()).isEqualTo(deployment.at("/spec/job/parallelism").asInt());
        assertThat(config.kafka().bootstrapServers()).startsWith(kafka("Kafka").get(0).at("/metadata/name").asText()
                + "-kafka-bootstrap.");
        assertThat(config.storage().endpoint()).isEqualTo("http://minio." + deployment.at("/metadata/namespace").asText()
                + ".svc:80");
    }

    @Test
    void kafkaHasATopicForEveryTopicTheConfigurationNames() throws Exception {
        Map<String, JsonNode> topics = new HashMap<>();
        for (JsonNode topic : kafka("KafkaTopic")) {
            topics.put(topic.at("/spec/topicName").asText(), topic.get("spec"));
        }
        int brokers = kafka("KafkaNodePool").get(0).at("/spec/replicas").asInt();
        int minInSync = kafka("Kafka").get(0).at("/spec/kafka/config/min.insync.replicas").asInt();
        int mostParallel = Math.max(read("reelflow-streaming.yaml").at("/spec/job/parallelism").asInt(),
                read("reelflow-campaign.yaml").at("/spec/job/parallelism").asInt());

        for (RecordComponent component : KafkaConfig.Topics.class.getRecordComponents()) {
            String name = (String) component.getAccessor().invoke(DEFAULTS.kafka().topics());
            assertThat(topics).as("KafkaTopic for kafka.topics.%s", component.getName()).containsKey(name);
            assertThat(topics.get(name).path("replicas").asInt()).isGreaterThan(minInSync).isLessThanOrEqualTo(brokers);
        }
        assertThat(topics.get(DEFAULTS.kafka().topics().requests()).path("partitions").asInt())
                .as("requests partitions bound the source's parallelism").isGreaterThanOrEqualTo(mostParallel);
    }

    @Test
    void kafkaAllowsTheTransactionsTheExactlyOnceSinksOpen() throws Exception {
        JsonNode config = kafka("Kafka").get(0).at("/spec/kafka/config");

        assertThat(config.path("transaction.max.timeout.ms").asLong())
                .isGreaterThanOrEqualTo(DEFAULTS.kafka().transactionTimeout().toMillis());
        assertThat(config.path("transaction.state.log.min.isr").asInt()).isGreaterThan(1)
                .isLessThan(config.path("transaction.state.log.replication.factor").asInt());
        assertThat(config.path("auto.create.topics.enable").asBoolean(true)).isFalse();
    }

    @Test
    void minioCreatesEveryBucketTheConfigurationAndTheDeploymentsName() throws Exception {
        JsonNode tenant = YAML.readTree(KUBERNETES.resolve("reelflow-minio.yaml").toFile());
        Set<String> buckets = new HashSet<>(tenant.at("/spec/buckets").findValuesAsText("name"));

        List<String> named = new ArrayList<>(List.of(DEFAULTS.storage().bucket(), DEFAULTS.storage().quarantineBucket()));
        named.addAll(DEFAULTS.storage().inputBuckets());
        for (String file : List.of("reelflow-streaming.yaml", "reelflow-campaign.yaml")) {
            for (JsonNode value : read(file).at("/spec/flinkConfiguration")) {
                if (value.asText().startsWith("s3://")) {
                    named.add(bucketOf(value.asText()));
                }
            }
        }
        named.add(bucketOf(campaignArgs().file()));

        assertThat(tenant.path("kind").asText()).isEqualTo("Tenant");
        assertThat(tenant.at("/spec/requestAutoCert").asBoolean(true)).as("plain HTTP on port 80").isFalse();
        assertThat(buckets).containsAll(named);
    }

    private static JsonNode read(String file) throws Exception {
        return YAML.readTree(KUBERNETES.resolve(file).toFile());
    }

    /** The documents of reelflow-kafka.yaml of one kind. */
    private static List<JsonNode> kafka(String kind) throws Exception {
        List<JsonNode> documents = new ArrayList<>();
        try (var all = YAML.readerFor(JsonNode.class).<JsonNode>readValues(KUBERNETES.resolve("reelflow-kafka.yaml").toFile())) {
            all.forEachRemaining(d -> {
                if (d.path("kind").asText().equals(kind)) {
                    documents.add(d);
                }
            });
        }
        assertThat(documents).as(kind).isNotEmpty();
        return documents;
    }

    private static CampaignArgs campaignArgs() throws Exception {
        List<String> args = new ArrayList<>();
        read("reelflow-campaign.yaml").at("/spec/job/args").forEach(a -> args.add(a.asText()));
        return CampaignArgs.parse(args);
    }

    /** The main container's REELFLOW_* variables: literal values as given, Secret references as a placeholder. */
    private static Map<String, String> environment(JsonNode deployment) {
        Map<String, String> variables = new HashMap<>();
        for (JsonNode variable : deployment.at("/spec/podTemplate/spec/containers/0/env")) {
            String name = variable.path("name").asText();
            if (name.startsWith("REELFLOW_")) {
                variables.put(name, variable.has("value") ? variable.path("value").asText() : "from-a-secret");
            }
        }
        return variables;
    }

    private static String bucketOf(String uri) {
        return uri.substring("s3://".length()).split("/", 2)[0];
    }

    private static Set<String> optionKeys(Class<?>... holders) throws IllegalAccessException {
        Set<String> keys = new HashSet<>();
        for (Class<?> holder : holders) {
            for (Field field : holder.getFields()) {
                if (ConfigOption.class.isAssignableFrom(field.getType())) {
                    keys.add(((ConfigOption<?>) field.get(null)).key());
                }
            }
        }
        return keys;
    }
}

package io.reelflow.operators.moderation.djl;

import io.reelflow.operators.moderation.ClassifierFailedException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.reelflow.config.ConfigLoader;
import io.reelflow.config.ModerationConfig;
import io.reelflow.operators.moderation.Category;
import io.reelflow.operators.moderation.CategoryScore;
import io.reelflow.operators.moderation.ModerationPolicy;
import io.reelflow.operators.moderation.PromptModerator;
import io.reelflow.schema.ModerationDecision;
import io.reelflow.schema.ModerationFinding;
import io.reelflow.schema.ModerationVerdict;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real ONNX Runtime forward passes over a model that counts one token of a WordLevel tokenizer. */
class DjlPromptClassifierTest {

    /** "zorblax" in the test tokenizer: a word no rule of the built-in policy knows. */
    private static final long TRIGGER = 4;

    @TempDir
    static Path dir;

    static Path tokenizer;
    static Path trigger;
    static Path nan;
    static ModerationPolicy policy = ModerationPolicy.load("classpath:moderation/policy.yaml");

    @BeforeAll
    static void models() throws IOException, URISyntaxException {
        tokenizer = Path.of(Objects.requireNonNull(
                DjlPromptClassifierTest.class.getResource("/moderation/djl/wordlevel-tokenizer.json")).toURI());
        // violence_graphic: 8 x count - 4 (sigmoid: 0.018 without the token, 0.982 with it); safe: the opposite.
        trigger = OnnxModels.tokenCount(dir.resolve("trigger.onnx"), List.of("input_ids", "attention_mask"), TRIGGER,
                new float[] {8, -8}, new float[] {-4, 4});
        nan = OnnxModels.nanOnToken(dir.resolve("nan.onnx"), TRIGGER);
    }

    @Test
    void scoresTheLabelsCategoryFromTheModelsProbability() {
        try (DjlPromptClassifier classifier = load(Map.of())) {
            assertThat(score(classifier.classify("a lake full of zorblax"))).isCloseTo(sigmoid(4), within(1e-6));
            assertThat(score(classifier.classify("a lake at sunrise"))).isCloseTo(sigmoid(-4), within(1e-6));
            assertThat(score(classifier.classify("ZORBLAX and zorblax"))).isCloseTo(sigmoid(12), within(1e-6));
        }
    }

    @Test
    void evidenceNamesTheModelAndProbabilityNeverTheText() {
        try (DjlPromptClassifier classifier = load(Map.of())) {
            List<CategoryScore> scores = classifier.classify("a lake full of zorblax");

            assertThat(scores).singleElement().satisfies(score -> {
                assertThat(score.category()).isEqualTo(Category.VIOLENCE_GRAPHIC);
                assertThat(score.evidence()).containsExactly("classifier trigger.onnx: 0.98");
            });
            assertThat(classifier.description()).isEqualTo("classifier trigger.onnx");
        }
    }

    @Test
    void softmaxSpreadsProbabilityOverTheLabelsIncludingSafe() {
        try (DjlPromptClassifier classifier = load(Map.of("activation", "softmax"))) {
            // logits [8c - 4, 4 - 8c]: softmax gives violence_graphic 1 / (1 + e^(8 - 16c))
            assertThat(score(classifier.classify("zorblax"))).isCloseTo(1 / (1 + Math.exp(-8)), within(1e-6));
            assertThat(score(classifier.classify("kitten"))).isCloseTo(1 / (1 + Math.exp(8)), within(1e-6));
        }
    }

    @Test
    void readsALongTextInWindowsSoTheEndIsNotCutOff() {
        String padding = "kitten ".repeat(3000);
        try (DjlPromptClassifier classifier = load(Map.of("max-tokens", "16", "max-batch", "4"))) {
            assertThat(score(classifier.classify(padding + "zorblax"))).isCloseTo(sigmoid(4), within(1e-6));
            assertThat(score(classifier.classify("zorblax " + padding))).isCloseTo(sigmoid(4), within(1e-6));
            assertThat(score(classifier.classify(padding))).isCloseTo(sigmoid(-4), within(1e-6));
        }
    }

    @Test
    void neverThrowsForAnyText() {
        List<String> texts = java.util.Arrays.asList(null, "", "   ", "\u0000\u0001", "lone \uD800 surrogate \uDC00",
                "emoji 😀 zorblax", "混合 text zorblax", "z".repeat(100_000), "zorblax\n".repeat(20_000));
        try (DjlPromptClassifier classifier = load(Map.of())) {
            for (String text : texts) {
                List<CategoryScore> scores = classifier.classify(text);
                assertThat(scores).allSatisfy(s -> assertThat(s.score()).isBetween(0.0, 1.0));
            }
            assertThat(score(classifier.classify("emoji 😀 zorblax"))).isCloseTo(sigmoid(4), within(1e-6));
        }
    }

    @Test
    void addsItsScoresNextToTheRulesInThePromptModerator() {
        try (DjlPromptClassifier classifier = load(Map.of())) {
            PromptModerator moderator = PromptModerator.builder().policy(policy).classifier(classifier).build();

            ModerationVerdict verdict = moderator.moderate("a mountain lake full of zorblax", null);
            ModerationVerdict clean = moderator.moderate("a mountain lake at sunrise", null);

            assertThat(verdict.getDecision()).isEqualTo(ModerationDecision.BLOCK);
            assertThat(verdict.getFindings()).extracting(ModerationFinding::getCategory, ModerationFinding::getEvidence)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("violence_graphic", "classifier trigger.onnx: 0.98"));
            assertThat(verdict.getChecks()).singleElement()
                    .satisfies(check -> assertThat(check.getSummary()).endsWith("and classifier trigger.onnx"));
            // 0.018 is below violence_graphic's threshold (0.7): the finding is there, the decision allows.
            assertThat(clean.getDecision()).isEqualTo(ModerationDecision.ALLOW);
        }
    }

    @Test
    void aModelThatFailsThrowsRatherThanAllowingAndNeverQuotesTheText() {
        try (DjlPromptClassifier classifier = load(Map.of("model", nan.toString(), "labels", "[violence_graphic]"))) {
            assertThat(classifier.classify("a lake at sunrise")).singleElement()
                    .satisfies(s -> assertThat(s.score()).isEqualTo(0.5));
            assertThatThrownBy(() -> classifier.classify("a secret lake of zorblax"))
                    .isInstanceOf(ClassifierFailedException.class)
                    .hasMessageContaining("classifier nan.onnx gave NaN for output 0 (violence_graphic)")
                    .hasMessageNotContaining("secret");
        }
    }

    @Test
    void noneIsConfiguredByDefault() {
        assertThat(LearnedClassifiers.text(ConfigLoader.builder().build().moderation(), policy)).isEmpty();
    }

    @Test
    void labelsMustBeCategoriesOfThePolicyOrSafe() {
        assertThatThrownBy(() -> load(Map.of("labels", "[violence, safe]")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("moderation.text-classifier.labels: 'violence' is not a category of policy");
        ModerationPolicy narrow = ModerationPolicy.parse("""
                version: narrow-1
                categories:
                  sexual: {decision: block, threshold: 0.7}
                """, "narrow");
        assertThatThrownBy(() -> LearnedClassifiers.text(config(Map.of()), narrow))
                .hasMessageContaining("'violence_graphic' is not a category of policy narrow-1 (sexual)");
    }

    @Test
    void labelsMustMatchTheModelsOutputsAtLoad() {
        assertThatThrownBy(() -> load(Map.of("labels", "[violence_graphic, safe, hate]")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("moderation.text-classifier")
                .hasMessageContaining("gave 2 outputs per item, but 3 labels are configured");
    }

    @Test
    void missingFilesAreNamedByTheirKey() {
        assertThatThrownBy(() -> load(Map.of("model", dir.resolve("absent.onnx").toString())))
                .hasMessageStartingWith("moderation.text-classifier.model: ")
                .hasMessageContaining("absent.onnx does not exist");
        assertThatThrownBy(() -> load(Map.of("tokenizer", dir.resolve("absent.json").toString())))
                .hasMessageStartingWith("moderation.text-classifier.tokenizer: ");
    }

    @Test
    void aModelWithOtherInputsIsRefused() throws IOException {
        Path other = OnnxModels.tokenCount(dir.resolve("other.onnx"), List.of("ids", "mask"), TRIGGER,
                new float[] {1, 1}, new float[] {0, 0});
        assertThatThrownBy(() -> load(Map.of("model", other.toString())))
                .hasMessageStartingWith("moderation.text-classifier.model: ")
                .hasMessageContaining("takes inputs [ids, mask]");
    }

    @Test
    void feedsTokenTypeIdsToModelsThatDeclareThem() throws IOException {
        Path bert = OnnxModels.tokenCount(dir.resolve("bert.onnx"),
                List.of("input_ids", "attention_mask", "token_type_ids"), TRIGGER, new float[] {8, -8},
                new float[] {-4, 4});
        try (DjlPromptClassifier classifier = load(Map.of("model", bert.toString()))) {
            assertThat(score(classifier.classify("zorblax"))).isCloseTo(sigmoid(4), within(1e-6));
        }
    }

    @Test
    void badEnginesActivationsAndSizesFailWhenTheConfigurationLoads() {
        assertThatThrownBy(() -> config(Map.of("engine", "TensorFlow")))
                .hasMessageContaining("moderation.text-classifier.engine must be one of [OnnxRuntime, PyTorch], got 'TensorFlow'");
        assertThatThrownBy(() -> config(Map.of("activation", "relu")))
                .hasMessageContaining("moderation.text-classifier.activation must be one of");
        assertThatThrownBy(() -> config(Map.of("max-tokens", "4")))
                .hasMessageContaining("moderation.text-classifier.max-tokens must be at least 8");
        assertThatThrownBy(() -> config(Map.of("tokenizer", "")))
                .hasMessageContaining("moderation.text-classifier.tokenizer is empty");
        assertThatThrownBy(() -> config(Map.of("labels", "[]")))
                .hasMessageContaining("moderation.text-classifier.labels is empty");
    }

    private static DjlPromptClassifier load(Map<String, String> overrides) {
        return LearnedClassifiers.text(config(overrides), policy).orElseThrow();
    }

    /** The trigger model's configuration through the real loader, with {@code overrides} of text-classifier keys. */
    private static ModerationConfig config(Map<String, String> overrides) {
        ConfigLoader loader = ConfigLoader.builder()
                .set("moderation.text-classifier.model", trigger.toString())
                .set("moderation.text-classifier.labels", "[violence_graphic, safe]")
                .set("moderation.text-classifier.activation", "sigmoid")
                .set("moderation.text-classifier.tokenizer", tokenizer.toString());
        overrides.forEach((key, value) -> loader.set("moderation.text-classifier." + key, value));
        return loader.build().moderation();
    }

    private static double score(List<CategoryScore> scores) {
        return scores.stream().filter(s -> s.category() == Category.VIOLENCE_GRAPHIC).findFirst().orElseThrow().score();
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}

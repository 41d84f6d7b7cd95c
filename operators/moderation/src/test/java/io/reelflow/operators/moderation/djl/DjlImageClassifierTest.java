package io.reelflow.operators.moderation.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.reelflow.config.ConfigLoader;
import io.reelflow.config.ModerationConfig;
import io.reelflow.operators.moderation.Category;
import io.reelflow.operators.moderation.CategoryScore;
import io.reelflow.operators.moderation.ModerationPolicy;
import io.reelflow.pipeline.Frames;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real ONNX Runtime forward passes over a model that scores the balance of a frame's channel means. */
class DjlImageClassifierTest {

    private static final float[] RED = {255, 0, 0};
    private static final float[] GREEN = {0, 255, 0};
    private static final float[] BLUE = {0, 0, 255};
    private static final float[] GREY = {128, 128, 128};

    @TempDir
    static Path dir;

    static Path model;
    static ModerationPolicy policy = ModerationPolicy.load("classpath:moderation/policy.yaml");

    /**
     * Outputs [sexual, safe, violence_graphic]: sexual = 6 (red - (green + blue) / 2) - 2, violence_graphic the same
     * with green; safe = 0. Channels as the model receives them, after normalisation.
     */
    @BeforeAll
    static void models() throws IOException {
        model = OnnxModels.channelMeans(dir.resolve("balance.onnx"), new float[][] {
                {6, 0, -3},
                {-3, 0, 6},
                {-3, 0, -3}}, new float[] {-2, 0, -2});
    }

    @Test
    void scoresEachFrameOfABatchInOrder() {
        try (DjlImageClassifier classifier = load(Map.of())) {
            List<List<CategoryScore>> scores = classifier.classify(frames(64, 48, RED, GREY, GREEN));

            assertThat(scores).hasSize(3);
            assertThat(score(scores.get(0), Category.SEXUAL)).isCloseTo(sigmoid(4), within(1e-5));
            assertThat(score(scores.get(0), Category.VIOLENCE_GRAPHIC)).isCloseTo(sigmoid(-5), within(1e-5));
            assertThat(score(scores.get(1), Category.SEXUAL)).isCloseTo(sigmoid(-2), within(1e-5));
            assertThat(score(scores.get(2), Category.VIOLENCE_GRAPHIC)).isCloseTo(sigmoid(4), within(1e-5));
            assertThat(scores.get(0)).extracting(CategoryScore::category)
                    .containsExactlyInAnyOrder(Category.SEXUAL, Category.VIOLENCE_GRAPHIC);
            assertThat(scores.get(0)).filteredOn(s -> s.category() == Category.SEXUAL).singleElement()
                    .satisfies(s -> assertThat(s.evidence()).containsExactly("image classifier balance.onnx: 0.98"));
        }
    }

    @Test
    void chunksACallIntoForwardPassesOfMaxBatchWithTheSameScores() {
        Frames seven = frames(40, 30, RED, GREY, GREEN, BLUE, RED, GREEN, GREY);
        try (DjlImageClassifier whole = load(Map.of("max-batch", "16"));
                DjlImageClassifier byTwo = load(Map.of("max-batch", "2"))) {
            List<List<CategoryScore>> expected = whole.classify(seven);

            List<List<CategoryScore>> chunked = byTwo.classify(seven);

            assertThat(chunked).hasSize(7);
            for (int i = 0; i < 7; i++) {
                assertThat(score(chunked.get(i), Category.SEXUAL))
                        .isCloseTo(score(expected.get(i), Category.SEXUAL), within(1e-6));
                assertThat(score(chunked.get(i), Category.VIOLENCE_GRAPHIC))
                        .isCloseTo(score(expected.get(i), Category.VIOLENCE_GRAPHIC), within(1e-6));
            }
            assertThat(score(chunked.get(4), Category.SEXUAL)).isCloseTo(sigmoid(4), within(1e-5));
        }
    }

    @Test
    void resizesFramesOfAnySize() {
        try (DjlImageClassifier classifier = load(Map.of())) {
            for (int[] size : new int[][] {{1920, 1080}, {1, 1}, {7, 300}}) {
                assertThat(score(classifier.classify(frames(size[0], size[1], RED)).get(0), Category.SEXUAL))
                        .as("%dx%d", size[0], size[1]).isCloseTo(sigmoid(4), within(1e-5));
            }
        }
    }

    @Test
    void normalisesWithMeanAndStdInTheModelsChannelOrder() {
        // (x - 0.5) / 0.5: red becomes (1, -1, -1), so sexual = 6 (1 + 1) - 2 = 10.
        try (DjlImageClassifier normalised = load(Map.of("mean", "[0.5, 0.5, 0.5]", "std", "[0.5, 0.5, 0.5]"));
                DjlImageClassifier bgr = load(Map.of("channel-order", "BGR"))) {
            assertThat(score(normalised.classify(frames(8, 8, RED)).get(0), Category.SEXUAL))
                    .isCloseTo(sigmoid(10), within(1e-5));
            // BGR feeds blue first: a blue frame reads as the model's "red".
            assertThat(score(bgr.classify(frames(8, 8, BLUE)).get(0), Category.SEXUAL)).isCloseTo(sigmoid(4), within(1e-5));
            assertThat(score(bgr.classify(frames(8, 8, RED)).get(0), Category.SEXUAL)).isCloseTo(sigmoid(-5), within(1e-5));
        }
    }

    @Test
    void softmaxIsTakenAcrossAllOutputs() {
        try (DjlImageClassifier classifier = load(Map.of("activation", "softmax"))) {
            // red: logits (4, 0, -5)
            double total = Math.exp(4) + 1 + Math.exp(-5);
            List<CategoryScore> scores = classifier.classify(frames(8, 8, RED)).get(0);
            assertThat(score(scores, Category.SEXUAL)).isCloseTo(Math.exp(4) / total, within(1e-5));
            assertThat(score(scores, Category.VIOLENCE_GRAPHIC)).isCloseTo(Math.exp(-5) / total, within(1e-5));
        }
    }

    @Test
    void theDescriptionNamesTheModelFile() {
        try (DjlImageClassifier classifier = load(Map.of())) {
            assertThat(classifier.description()).isEqualTo("image classifier balance.onnx");
        }
    }

    @Test
    void noneIsConfiguredByDefault() {
        assertThat(LearnedClassifiers.image(ConfigLoader.builder().build().moderation(), policy)).isEmpty();
    }

    @Test
    void configurationErrorsNameTheirKey() {
        assertThatThrownBy(() -> load(Map.of("labels", "[sexual, safe]")))
                .hasMessageStartingWith("moderation.image-classifier: ")
                .hasMessageContaining("gave 3 outputs per item, but 2 labels are configured");
        assertThatThrownBy(() -> load(Map.of("labels", "[sexual, nudity, safe]")))
                .hasMessageStartingWith("moderation.image-classifier.labels: 'nudity' is not a category");
        assertThatThrownBy(() -> load(Map.of("model", dir.resolve("absent.onnx").toString())))
                .hasMessageStartingWith("moderation.image-classifier.model: ");
        assertThatThrownBy(() -> config(Map.of("engine", "onnx")))
                .hasMessageContaining("moderation.image-classifier.engine must be one of [OnnxRuntime, PyTorch]");
        assertThatThrownBy(() -> config(Map.of("channel-order", "RBG")))
                .hasMessageContaining("moderation.image-classifier.channel-order must be RGB or BGR");
        assertThatThrownBy(() -> config(Map.of("std", "[0.2, 0, 0.2]")))
                .hasMessageContaining("moderation.image-classifier.std must be finite and above 0");
        assertThatThrownBy(() -> config(Map.of("mean", "[0.5, 0.5]")))
                .hasMessageContaining("moderation.image-classifier.mean must list 3 values");
        assertThatThrownBy(() -> config(Map.of("input-size", "0")))
                .hasMessageContaining("moderation.image-classifier.input-size must be 1-4096");
    }

    @Test
    void aFileThatIsNotAModelFailsAtLoad() throws IOException {
        Path garbage = java.nio.file.Files.writeString(dir.resolve("garbage.onnx"), "not a model");
        assertThatThrownBy(() -> load(Map.of("model", garbage.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("moderation.image-classifier.model: OnnxRuntime cannot load");
    }

    private static DjlImageClassifier load(Map<String, String> overrides) {
        return LearnedClassifiers.image(config(overrides), policy).orElseThrow();
    }

    private static ModerationConfig config(Map<String, String> overrides) {
        ConfigLoader loader = ConfigLoader.builder()
                .set("moderation.image-classifier.model", model.toString())
                .set("moderation.image-classifier.labels", "[sexual, safe, violence_graphic]")
                .set("moderation.image-classifier.activation", "sigmoid")
                .set("moderation.image-classifier.input-size", "32")
                .set("moderation.image-classifier.mean", "[0, 0, 0]")
                .set("moderation.image-classifier.std", "[1, 1, 1]");
        overrides.forEach((key, value) -> loader.set("moderation.image-classifier." + key, value));
        return loader.build().moderation();
    }

    /** Frames of one flat colour each. */
    private static Frames frames(int width, int height, float[]... colours) {
        byte[] rgb = new byte[width * height * 3 * colours.length];
        for (int f = 0; f < colours.length; f++) {
            for (int p = 0; p < width * height; p++) {
                for (int c = 0; c < 3; c++) {
                    rgb[(f * width * height + p) * 3 + c] = (byte) colours[f][c];
                }
            }
        }
        return new Frames(width, height, colours.length, rgb);
    }

    private static double score(List<CategoryScore> scores, Category category) {
        return scores.stream().filter(s -> s.category() == category).findFirst().orElseThrow().score();
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}

package io.reelflow.operators.moderation.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.reelflow.config.ConfigLoader;
import io.reelflow.operators.moderation.Category;
import io.reelflow.operators.moderation.CategoryScore;
import io.reelflow.operators.moderation.ModerationPolicy;
import io.reelflow.pipeline.Frames;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PyTorch engine path: the same tiny models as the ONNX tests, as TorchScript, through DJL's PyTorch engine. */
class TorchScriptClassifiersTest {

    @TempDir
    Path dir;

    private final ModerationPolicy policy = ModerationPolicy.load("classpath:moderation/policy.yaml");

    @Test
    void scoresFramesWithATorchScriptImageModel() throws IOException {
        Path model = TorchScriptModels.module(dir.resolve("balance.pt"), List.of("pixels"), """
                means = torch.mean(pixels, [2, 3])
                w = torch.tensor([[6., 0., -3.], [-3., 0., 6.], [-3., 0., -3.]])
                b = torch.tensor([-2., 0., -2.])
                return torch.add(torch.matmul(means, w), b)""");
        var config = ConfigLoader.builder()
                .set("moderation.image-classifier.model", model.toString())
                .set("moderation.image-classifier.engine", "PyTorch")
                .set("moderation.image-classifier.labels", "[sexual, safe, violence_graphic]")
                .set("moderation.image-classifier.activation", "sigmoid")
                .set("moderation.image-classifier.input-size", "32")
                .set("moderation.image-classifier.mean", "[0, 0, 0]")
                .set("moderation.image-classifier.std", "[1, 1, 1]")
                .set("moderation.image-classifier.max-batch", "2")
                .build().moderation();
        byte[] rgb = new byte[3 * 8 * 8 * 3];
        for (int p = 0; p < 64; p++) {
            rgb[p * 3] = (byte) 255; // frame 0 red
            rgb[(64 + p) * 3 + 1] = (byte) 255; // frame 1 green; frame 2 black
        }

        try (DjlImageClassifier classifier = LearnedClassifiers.image(config, policy).orElseThrow()) {
            List<List<CategoryScore>> scores = classifier.classify(new Frames(8, 8, 3, rgb));

            assertThat(score(scores.get(0), Category.SEXUAL)).isCloseTo(sigmoid(4), within(1e-5));
            assertThat(score(scores.get(1), Category.VIOLENCE_GRAPHIC)).isCloseTo(sigmoid(4), within(1e-5));
            assertThat(score(scores.get(2), Category.SEXUAL)).isCloseTo(sigmoid(-2), within(1e-5));
            assertThat(classifier.description()).isEqualTo("image classifier balance.pt");
        }
    }

    @Test
    void scoresTextWithATorchScriptTextModel() throws IOException, URISyntaxException {
        Path model = TorchScriptModels.module(dir.resolve("trigger.pt"), List.of("input_ids", "attention_mask"), """
                hits = torch.mul(torch.eq(input_ids, 4).float(), attention_mask.float())
                count = torch.sum(hits, [1], True)
                w = torch.tensor([[8., -8.]])
                b = torch.tensor([-4., 4.])
                return torch.add(torch.matmul(count, w), b)""");
        Path tokenizer = Path.of(Objects.requireNonNull(
                getClass().getResource("/moderation/djl/wordlevel-tokenizer.json")).toURI());
        var config = ConfigLoader.builder()
                .set("moderation.text-classifier.model", model.toString())
                .set("moderation.text-classifier.engine", "PyTorch")
                .set("moderation.text-classifier.labels", "[violence_graphic, safe]")
                .set("moderation.text-classifier.activation", "sigmoid")
                .set("moderation.text-classifier.tokenizer", tokenizer.toString())
                .set("moderation.text-classifier.max-tokens", "16")
                .build().moderation();

        try (DjlPromptClassifier classifier = LearnedClassifiers.text(config, policy).orElseThrow()) {
            String padding = "kitten ".repeat(100);
            assertThat(score(classifier.classify("a lake full of zorblax"), Category.VIOLENCE_GRAPHIC))
                    .isCloseTo(sigmoid(4), within(1e-6));
            assertThat(score(classifier.classify(padding + "zorblax"), Category.VIOLENCE_GRAPHIC))
                    .isCloseTo(sigmoid(4), within(1e-6));
            assertThat(score(classifier.classify(padding), Category.VIOLENCE_GRAPHIC))
                    .isCloseTo(sigmoid(-4), within(1e-6));
        }
    }

    private static double score(List<CategoryScore> scores, Category category) {
        return scores.stream().filter(s -> s.category() == category).findFirst().orElseThrow().score();
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}

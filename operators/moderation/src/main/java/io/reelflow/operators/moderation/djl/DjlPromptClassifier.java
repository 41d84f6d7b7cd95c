package io.reelflow.operators.moderation.djl;

import io.reelflow.operators.moderation.ClassifierFailedException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.ZooModel;
import io.reelflow.config.ModerationConfig;
import io.reelflow.operators.moderation.CategoryScore;
import io.reelflow.operators.moderation.ModerationPolicy;
import io.reelflow.operators.moderation.PromptClassifier;
import io.reelflow.operators.moderation.djl.internal.Activation;
import io.reelflow.operators.moderation.djl.internal.LocalModels;
import io.reelflow.operators.moderation.djl.internal.OutputLabels;
import io.reelflow.operators.moderation.djl.internal.TokenWindowTranslator;
import io.reelflow.operators.moderation.djl.internal.TokenWindows;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A text classification model through DJL, ONNX Runtime or PyTorch (TorchScript), e.g. a Llama-Guard- or
 * Qwen3Guard-class classifier head exported by the deployment: inputs {@code input_ids}, {@code attention_mask} and
 * optionally {@code token_type_ids} (int64 {@code [batch, tokens]}), one output of {@code [batch, labels]} scores.
 * A prompt is tokenized with the model's own {@code tokenizer.json} into overlapping windows of up to
 * {@code max-tokens} ({@link TokenWindows}); per label the strongest window counts. Evidence names the model and the
 * probability, never the text. Create it with {@link LearnedClassifiers#text}. Both engines are tested with real
 * forward passes over tiny models written by hand (ONNX protobuf, TorchScript archive).
 */
public final class DjlPromptClassifier implements PromptClassifier, AutoCloseable {

    private static final String KEY = "moderation.text-classifier";
    private static final String PROBE = "a probe at start-up";

    private final ZooModel<NDList, NDList> model;
    private final TokenWindows tokenizer;
    private final Predictor<TokenWindows.Window, float[]> predictor;
    private final OutputLabels labels;
    private final int maxBatch;
    private final String source;

    private DjlPromptClassifier(ZooModel<NDList, NDList> model, TokenWindows tokenizer,
            Predictor<TokenWindows.Window, float[]> predictor, OutputLabels labels, int maxBatch, String source) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.predictor = predictor;
        this.labels = labels;
        this.maxBatch = maxBatch;
        this.source = source;
    }

    /** Loads and checks the model with one forward pass, so a model that does not fit fails at start-up. */
    static DjlPromptClassifier load(ModerationConfig.TextClassifierModel config, ModerationPolicy policy) {
        String source = "classifier " + Path.of(config.model()).getFileName();
        OutputLabels labels = OutputLabels.of(config.labels(), policy, Activation.of(config.activation()),
                KEY + ".labels", source);
        Path tokenizerJson = LocalModels.existing(config.tokenizer(), KEY + ".tokenizer");
        TokenWindows tokenizer;
        try {
            tokenizer = TokenWindows.load(tokenizerJson, config.maxTokens());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(KEY + ".tokenizer: cannot read " + tokenizerJson + ": " + e.getMessage(), e);
        }
        ZooModel<NDList, NDList> model = null;
        try {
            model = LocalModels.load(config.model(), config.engine(), KEY + ".model");
            List<String> inputs = LocalModels.inputNames(model, config.engine());
            if (inputs != null && (inputs.isEmpty() || !TokenWindowTranslator.INPUTS.containsAll(inputs))) {
                throw new IllegalArgumentException(KEY + ".model: " + config.model() + " takes inputs " + inputs
                        + "; a text classifier takes " + TokenWindowTranslator.INPUTS);
            }
            DjlPromptClassifier classifier = new DjlPromptClassifier(model, tokenizer,
                    model.newPredictor(new TokenWindowTranslator(inputs)), labels, config.maxBatch(), source);
            classifier.classify(PROBE);
            return classifier;
        } catch (ClassifierFailedException e) {
            close(model, tokenizer);
            throw new IllegalArgumentException(KEY + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close(model, tokenizer);
            throw e;
        }
    }

    /**
     * Scores every window of {@code text} (null reads as empty) and keeps the strongest per label.
     *
     * @throws ClassifierFailedException if the model fails; never for the text itself
     */
    @Override
    public List<CategoryScore> classify(String text) {
        List<TokenWindows.Window> windows;
        try {
            windows = tokenizer.split(text == null ? "" : text);
        } catch (RuntimeException e) {
            throw new ClassifierFailedException(source + ": the tokenizer failed: " + e.getMessage(), e);
        }
        if (windows.isEmpty()) {
            return List.of();
        }
        double[] strongest = new double[labels.size()];
        for (int from = 0; from < windows.size(); from += maxBatch) {
            List<TokenWindows.Window> batch =
                    TokenWindows.padded(windows.subList(from, Math.min(windows.size(), from + maxBatch)));
            for (float[] outputs : forward(batch)) {
                double[] p = labels.probabilities(outputs);
                Arrays.setAll(strongest, i -> Math.max(strongest[i], p[i]));
            }
        }
        return labels.scores(strongest);
    }

    /** "classifier guard-v1.onnx": the model file, as in its evidence. */
    @Override
    public String description() {
        return source;
    }

    @Override
    public void close() {
        predictor.close();
        close(model, tokenizer);
    }

    private List<float[]> forward(List<TokenWindows.Window> batch) {
        try {
            return predictor.batchPredict(batch);
        } catch (Exception e) {
            throw new ClassifierFailedException(source + " failed: " + e.getMessage(), e);
        }
    }

    private static void close(ZooModel<NDList, NDList> model, TokenWindows tokenizer) {
        if (model != null) {
            model.close();
        }
        tokenizer.close();
    }
}

package io.reelflow.operators.moderation.djl;

import io.reelflow.operators.moderation.ClassifierFailedException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.ZooModel;
import io.reelflow.config.ModerationConfig;
import io.reelflow.operators.moderation.CategoryScore;
import io.reelflow.operators.moderation.ModerationPolicy;
import io.reelflow.operators.moderation.djl.internal.Activation;
import io.reelflow.operators.moderation.djl.internal.FramePreprocessor;
import io.reelflow.operators.moderation.djl.internal.FrameTranslator;
import io.reelflow.operators.moderation.djl.internal.LocalModels;
import io.reelflow.operators.moderation.djl.internal.OutputLabels;
import io.reelflow.operators.moderation.frames.ImageClassifier;
import io.reelflow.pipeline.Frames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An image model through DJL, ONNX Runtime or PyTorch (TorchScript): one input of float pixels
 * {@code [batch, 3, size, size]}, one output of {@code [batch, labels]} scores. Each frame is translated on its own
 * ({@link FramePreprocessor}); a call's frames go through the model in forward passes of up to {@code max-batch}.
 * Create it with {@link LearnedClassifiers#image}. Both engines are tested with real forward passes over tiny models
 * written by hand (ONNX protobuf, TorchScript archive).
 */
public final class DjlImageClassifier implements ImageClassifier {

    private static final String KEY = "moderation.image-classifier";

    private final ZooModel<NDList, NDList> model;
    private final Predictor<FrameTranslator.Frame, float[]> predictor;
    private final OutputLabels labels;
    private final int maxBatch;
    private final String description;

    private DjlImageClassifier(ZooModel<NDList, NDList> model, Predictor<FrameTranslator.Frame, float[]> predictor,
            OutputLabels labels, int maxBatch, String description) {
        this.model = model;
        this.predictor = predictor;
        this.labels = labels;
        this.maxBatch = maxBatch;
        this.description = description;
    }

    /** Loads and checks the model with one forward pass, so a model that does not fit fails at start-up. */
    static DjlImageClassifier load(ModerationConfig.ImageClassifierModel config, ModerationPolicy policy) {
        String description = "image classifier " + Path.of(config.model()).getFileName();
        OutputLabels labels = OutputLabels.of(config.labels(), policy, Activation.of(config.activation()),
                KEY + ".labels", description);
        ZooModel<NDList, NDList> model = LocalModels.load(config.model(), config.engine(), KEY + ".model");
        try {
            List<String> inputs = LocalModels.inputNames(model, config.engine());
            if (inputs != null && inputs.size() != 1) {
                throw new IllegalArgumentException(KEY + ".model: " + config.model() + " takes " + inputs.size()
                        + " inputs " + inputs + "; an image classifier takes one, pixels [batch, 3, size, size]");
            }
            FramePreprocessor preprocessor = new FramePreprocessor(
                    config.inputSize(), config.mean(), config.std(), "BGR".equals(config.channelOrder()));
            DjlImageClassifier classifier = new DjlImageClassifier(model,
                    model.newPredictor(new FrameTranslator(preprocessor)), labels, config.maxBatch(), description);
            classifier.classify(Frames.blank(config.inputSize(), config.inputSize(), 1));
            return classifier;
        } catch (ClassifierFailedException e) {
            model.close();
            throw new IllegalArgumentException(KEY + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * @throws ClassifierFailedException if the model fails; never for the frames themselves (any size is resized)
     */
    @Override
    public List<List<CategoryScore>> classify(Frames frames) {
        List<List<CategoryScore>> scores = new ArrayList<>(frames.count());
        for (int from = 0; from < frames.count(); from += maxBatch) {
            List<FrameTranslator.Frame> batch = new ArrayList<>();
            for (int i = from; i < Math.min(frames.count(), from + maxBatch); i++) {
                batch.add(new FrameTranslator.Frame(frames, i));
            }
            for (float[] outputs : forward(batch)) {
                scores.add(labels.scores(labels.probabilities(outputs)));
            }
        }
        return scores;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }

    private List<float[]> forward(List<FrameTranslator.Frame> batch) {
        try {
            return predictor.batchPredict(batch);
        } catch (Exception e) {
            throw new ClassifierFailedException(description + " failed: " + e.getMessage(), e);
        }
    }
}

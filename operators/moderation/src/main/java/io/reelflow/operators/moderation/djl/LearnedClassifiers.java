package io.reelflow.operators.moderation.djl;

import io.reelflow.config.ModerationConfig;
import io.reelflow.operators.moderation.ModerationPolicy;
import java.util.Optional;

/**
 * The deployment's learned classifiers, from {@code moderation.text-classifier} and
 * {@code moderation.image-classifier}: empty when no model is configured. Loading checks what the configuration alone
 * cannot (that the files exist where the job runs, that every label is a category of the policy or safe/none, that the
 * model takes the expected inputs and gives one output per label) and fails with an {@link IllegalArgumentException}
 * naming the key, so a bad classifier stops the job at start-up. Callers close what they get.
 */
public final class LearnedClassifiers {

    private LearnedClassifiers() {}

    /** The text classifier for gate 1, to add next to the rules with {@code PromptModerator.Builder#classifier}. */
    public static Optional<DjlPromptClassifier> text(ModerationConfig config, ModerationPolicy policy) {
        ModerationConfig.TextClassifierModel model = config.textClassifier();
        return model.configured() ? Optional.of(DjlPromptClassifier.load(model, policy)) : Optional.empty();
    }

    /** The image classifier for gates 2 and 3. */
    public static Optional<DjlImageClassifier> image(ModerationConfig config, ModerationPolicy policy) {
        ModerationConfig.ImageClassifierModel model = config.imageClassifier();
        return model.configured() ? Optional.of(DjlImageClassifier.load(model, policy)) : Optional.empty();
    }
}

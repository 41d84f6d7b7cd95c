package io.reelflow.operators.moderation;

import java.util.List;

/**
 * Scores a text against the policy's categories. {@link RulesClassifier} is built in; a deployment may add a learned
 * classifier (e.g. a Llama-Guard- or Qwen3Guard-class model through DJL). {@link PromptModerator} takes the highest
 * score per category over all classifiers, then applies the policy's thresholds and decisions, so classifiers only
 * score and never decide.
 *
 * <p>Called from one thread per instance at a time. Must not throw for any text; a learned classifier whose model
 * fails throws {@link ClassifierFailedException}, which the gate turns into a FAILED request, never an allow.
 */
public interface PromptClassifier {

    /** Scores of {@code text} (as the client wrote it); categories left out score 0. At most one per category. */
    List<CategoryScore> classify(String text);

    /** Names the classifier in verdicts' checks ("policy rules", "classifier guard-v1.onnx"). */
    default String description() {
        return getClass().getSimpleName();
    }
}

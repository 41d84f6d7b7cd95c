package io.reelflow.operators.moderation.frames;

import io.reelflow.operators.moderation.CategoryScore;
import io.reelflow.pipeline.Frames;
import java.util.List;

/**
 * Scores images against the policy's categories, for the input and output gates. A deployment plugs in a learned model
 * (e.g. through DJL); with none configured the gates say so in their verdicts. Like {@code PromptClassifier}, it only
 * scores: the policy's thresholds and decisions turn scores into findings.
 *
 * <p>Called from one thread per instance at a time. Must not throw for any image; a model that fails throws
 * {@link io.reelflow.operators.moderation.ClassifierFailedException}, which the gate turns into a FAILED request.
 */
public interface ImageClassifier extends AutoCloseable {

    /**
     * Scores of every frame of {@code frames} (one batch: frames sampled from one clip share a size), in frame order;
     * categories left out score 0, at most one score per category per frame.
     */
    List<List<CategoryScore>> classify(Frames frames);

    /** Names the classifier in verdicts ("image classifier nsfw-v2.onnx"). */
    String description();

    @Override
    default void close() {}
}

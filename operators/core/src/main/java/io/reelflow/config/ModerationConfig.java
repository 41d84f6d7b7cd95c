package io.reelflow.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Moderation at every gate: the deployment's policy (prompts; categories and thresholds for every gate), how input
 * and output frames are checked, and the learned classifiers a deployment may add. Tenants' own policies are in
 * {@link TenantsConfig.Tenant#moderationPolicy()}.
 *
 * @param policy {@code classpath:} or a file path
 * @param textClassifier gate 1: a learned text classifier scoring next to the policy's rules; none by default
 * @param imageClassifier gates 2 and 3: a learned image classifier scoring sampled frames; none by default
 */
public record ModerationConfig(
        String policy, FrameChecks frames, TextClassifierModel textClassifier, ImageClassifierModel imageClassifier)
        implements Serializable {

    /** DJL engine names a classifier may run on. */
    public static final Set<String> ENGINES = Set.of("OnnxRuntime", "PyTorch");
    /** How a model's raw outputs become probabilities: per output, across outputs, or none (already probabilities). */
    public static final Set<String> ACTIVATIONS = Set.of("sigmoid", "softmax", "none");
    /** Labels of model outputs that map to no policy category. */
    public static final Set<String> NO_CATEGORY_LABELS = Set.of("safe", "none");

    /**
     * Gates 2 and 3: which frames of an input or output are looked at, and the perceptual-hash blocklist.
     *
     * @param sampleEvery one frame per this much video time, besides the first and last
     * @param hashBlocklist file of known-bad image hashes; empty for none
     * @param hashMaxDistance largest Hamming distance (of 64 bits) at which a frame matches a blocklist entry
     */
    public record FrameChecks(Duration sampleEvery, String hashBlocklist, int hashMaxDistance) implements Serializable {}

    /**
     * A learned text classifier (key {@code moderation.text-classifier}). Which files exist and which labels the policy
     * knows are checked when the classifier is loaded (the files must be readable where the job runs).
     *
     * @param model model file or directory; empty: none
     * @param engine {@code OnnxRuntime} or {@code PyTorch}
     * @param labels the model's outputs in order: each a policy category id, or {@code safe}/{@code none}
     * @param activation {@code sigmoid}, {@code softmax} or {@code none}
     * @param tokenizer the model's Hugging Face {@code tokenizer.json}
     * @param maxTokens tokens per forward pass, special tokens included; longer texts are read in overlapping windows
     * @param maxBatch windows of one text per forward pass
     */
    public record TextClassifierModel(
            String model,
            String engine,
            List<String> labels,
            String activation,
            String tokenizer,
            int maxTokens,
            int maxBatch)
            implements Serializable {

        private static final String KEY = "moderation.text-classifier";

        public TextClassifierModel {
            model = model == null ? "" : model.trim();
            tokenizer = tokenizer == null ? "" : tokenizer.trim();
            labels = checkCommon(KEY, model, engine, labels, activation, maxBatch);
            if (maxTokens < 8) {
                throw new IllegalArgumentException(KEY + ".max-tokens must be at least 8, got " + maxTokens);
            }
            if (!model.isEmpty() && tokenizer.isEmpty()) {
                throw new IllegalArgumentException(KEY + ".tokenizer is empty: a text model needs its tokenizer.json");
            }
        }

        public boolean configured() {
            return !model.isEmpty();
        }
    }

    /**
     * A learned image classifier (key {@code moderation.image-classifier}): frames are resized to {@code inputSize}
     * square, scaled to 0-1, normalised per channel by {@code (x - mean) / std} and fed as float NCHW.
     *
     * @param model model file or directory; empty: none
     * @param engine {@code OnnxRuntime} or {@code PyTorch}
     * @param labels the model's outputs in order: each a policy category id, or {@code safe}/{@code none}
     * @param activation {@code sigmoid}, {@code softmax} or {@code none}
     * @param inputSize the model's input width and height in pixels
     * @param mean per channel, in {@code channelOrder}
     * @param std per channel, in {@code channelOrder}
     * @param channelOrder {@code RGB} or {@code BGR}
     * @param maxBatch frames per forward pass
     */
    public record ImageClassifierModel(
            String model,
            String engine,
            List<String> labels,
            String activation,
            int inputSize,
            List<Double> mean,
            List<Double> std,
            String channelOrder,
            int maxBatch)
            implements Serializable {

        private static final String KEY = "moderation.image-classifier";

        public ImageClassifierModel {
            model = model == null ? "" : model.trim();
            labels = checkCommon(KEY, model, engine, labels, activation, maxBatch);
            if (inputSize < 1 || inputSize > 4096) {
                throw new IllegalArgumentException(KEY + ".input-size must be 1-4096 pixels, got " + inputSize);
            }
            mean = checkChannels(KEY + ".mean", mean, false);
            std = checkChannels(KEY + ".std", std, true);
            if (!"RGB".equals(channelOrder) && !"BGR".equals(channelOrder)) {
                throw new IllegalArgumentException(KEY + ".channel-order must be RGB or BGR, got '" + channelOrder + "'");
            }
        }

        public boolean configured() {
            return !model.isEmpty();
        }
    }

    private static List<String> checkCommon(
            String key, String model, String engine, List<String> labels, String activation, int maxBatch) {
        if (!ENGINES.contains(engine)) {
            throw new IllegalArgumentException(key + ".engine must be one of " + sorted(ENGINES) + ", got '" + engine + "'");
        }
        if (!ACTIVATIONS.contains(activation)) {
            throw new IllegalArgumentException(
                    key + ".activation must be one of " + sorted(ACTIVATIONS) + ", got '" + activation + "'");
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException(key + ".max-batch must be at least 1, got " + maxBatch);
        }
        List<String> copy = List.copyOf(Objects.requireNonNullElse(labels, List.of()));
        if (!model.isEmpty() && copy.isEmpty()) {
            throw new IllegalArgumentException(key + ".labels is empty: name the model's outputs in order");
        }
        return copy;
    }

    private static List<Double> checkChannels(String key, List<Double> values, boolean positive) {
        if (values == null || values.size() != 3) {
            throw new IllegalArgumentException(key + " must list 3 values, one per channel, got " + values);
        }
        for (Double value : values) {
            if (value == null || !Double.isFinite(value) || (positive && value <= 0)) {
                throw new IllegalArgumentException(key + " must be finite" + (positive ? " and above 0" : "") + ": " + values);
            }
        }
        return List.copyOf(values);
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }
}

package io.reelflow.operators.moderation.djl.internal;

import ai.djl.ndarray.NDArray;
import io.reelflow.config.ModerationConfig;
import io.reelflow.operators.moderation.Category;
import io.reelflow.operators.moderation.CategoryScore;
import io.reelflow.operators.moderation.ModerationPolicy;
import io.reelflow.operators.moderation.ClassifierFailedException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * A model's outputs, in order, mapped to the policy's categories: turns one item's raw outputs into probabilities and
 * those into at most one score per category (the highest, when several outputs share a category).
 */
public final class OutputLabels {

    /** Slack for {@code activation: none} models whose float probabilities stray just outside 0-1. */
    private static final double ROUNDING = 1e-4;

    private final List<String> labels;
    private final List<Category> categories;
    private final Activation activation;
    private final String source;

    private OutputLabels(List<String> labels, List<Category> categories, Activation activation, String source) {
        this.labels = labels;
        this.categories = categories;
        this.activation = activation;
        this.source = source;
    }

    /**
     * @param key the configuration key of the labels, named in errors
     * @param source names the classifier in evidence and errors, e.g. {@code classifier nsfw.onnx}
     * @throws IllegalArgumentException for a label that is neither a category of {@code policy} nor safe/none
     */
    public static OutputLabels of(
            List<String> labels, ModerationPolicy policy, Activation activation, String key, String source) {
        List<Category> categories = new ArrayList<>();
        for (String label : labels) {
            if (ModerationConfig.NO_CATEGORY_LABELS.contains(label)) {
                categories.add(null);
                continue;
            }
            Category category = Category.fromId(label).filter(c -> policy.categories().containsKey(c))
                    .orElseThrow(() -> new IllegalArgumentException(key + ": '" + label + "' is not a category of policy "
                            + policy.version() + " (" + String.join(", ", ids(policy)) + ") nor safe/none"));
            categories.add(category);
        }
        return new OutputLabels(List.copyOf(labels), java.util.Collections.unmodifiableList(categories), activation,
                source);
    }

    public int size() {
        return labels.size();
    }

    /** Probabilities of one item's raw outputs, one per label. */
    public double[] probabilities(float[] outputs) {
        if (outputs.length != labels.size()) {
            throw new ClassifierFailedException(source + " gave " + outputs.length + " outputs per item, but "
                    + labels.size() + " labels are configured (" + String.join(", ", labels) + ")");
        }
        for (int i = 0; i < outputs.length; i++) {
            if (!Float.isFinite(outputs[i])) {
                throw new ClassifierFailedException(source + " gave " + outputs[i] + " for output " + i + " ("
                        + labels.get(i) + ")");
            }
        }
        double[] p = activation.apply(outputs);
        for (int i = 0; i < p.length; i++) {
            if (!(p[i] >= -ROUNDING && p[i] <= 1 + ROUNDING)) {
                throw new ClassifierFailedException(source + " gave " + p[i] + " for output " + i + " ("
                        + labels.get(i) + "), not a probability (activation " + activation.name().toLowerCase(Locale.ROOT)
                        + ")");
            }
            p[i] = Math.min(1, Math.max(0, p[i]));
        }
        return p;
    }

    /** One score per category that an output maps to, the highest of its outputs, with the classifier as evidence. */
    public List<CategoryScore> scores(double[] probabilities) {
        Map<Category, Double> strongest = new EnumMap<>(Category.class);
        for (int i = 0; i < probabilities.length; i++) {
            if (categories.get(i) != null) {
                strongest.merge(categories.get(i), probabilities[i], Math::max);
            }
        }
        List<CategoryScore> scores = new ArrayList<>(strongest.size());
        strongest.forEach((category, p) -> scores.add(new CategoryScore(category, p,
                List.of(String.format(Locale.ROOT, "%s: %.2f", source, p)))));
        return List.copyOf(scores);
    }

    /** An output array's values as floats: the models' outputs are float32 or float64. */
    public static float[] floats(NDArray output) {
        return switch (output.getDataType()) {
            case FLOAT32 -> output.toFloatArray();
            case FLOAT64 -> {
                double[] values = output.toDoubleArray();
                float[] floats = new float[values.length];
                for (int i = 0; i < values.length; i++) {
                    floats[i] = (float) values[i];
                }
                yield floats;
            }
            default -> throw new IllegalStateException("model output " + output.getName() + " is "
                    + output.getDataType() + ", expected float32 or float64 scores");
        };
    }

    private static TreeSet<String> ids(ModerationPolicy policy) {
        TreeSet<String> ids = new TreeSet<>();
        policy.categories().keySet().forEach(c -> ids.add(c.id()));
        return ids;
    }
}

package io.reelflow.operators.moderation.frames;

import io.reelflow.operators.moderation.Category;
import io.reelflow.operators.moderation.CategoryScore;
import io.reelflow.pipeline.Frames;
import java.util.ArrayList;
import java.util.List;

/**
 * A test classifier, not a model: scores {@code violence_graphic} as a frame's mean redness (how far red exceeds the
 * brighter of green and blue, 0-1), and records the size of every batch it is given.
 */
final class RednessTestClassifier implements ImageClassifier {

    final List<Integer> batches = new ArrayList<>();

    @Override
    public List<List<CategoryScore>> classify(Frames frames) {
        batches.add(frames.count());
        List<List<CategoryScore>> scores = new ArrayList<>();
        byte[] rgb = frames.rgb();
        for (int f = 0; f < frames.count(); f++) {
            long sum = 0;
            for (int o = frames.offset(f); o < frames.offset(f + 1); o += 3) {
                sum += Math.max(0, (rgb[o] & 0xff) - Math.max(rgb[o + 1] & 0xff, rgb[o + 2] & 0xff));
            }
            double redness = sum / (255.0 * frames.width() * frames.height());
            scores.add(List.of(new CategoryScore(Category.VIOLENCE_GRAPHIC, redness, List.of("red"))));
        }
        return scores;
    }

    @Override
    public String description() {
        return "image classifier redness-test";
    }
}

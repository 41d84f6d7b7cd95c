package io.reelflow.operators.generate.training;

import io.reelflow.operators.generate.FrameNoise;
import io.reelflow.operators.generate.world.Captions;
import io.reelflow.operators.generate.world.Geometry;
import io.reelflow.operators.generate.world.Motion;
import io.reelflow.operators.generate.world.Scene;
import io.reelflow.operators.generate.world.SceneRenderer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One step's data, drawn from the step's own random stream (so a resumed run sees exactly the batches an
 * uninterrupted one would): clips of held-in scenes, captions, known-frame masks, noise and flow times.
 *
 * @param clips (batch, frames, height, width, 3) in [-1, 1]
 * @param known (batch, frames): 1 for frames given to the model clean
 * @param noise like clips, unit Gaussian, its frames sharing a part if the model's architecture says so
 * @param times (batch) flow times in (0, 1]: x_t = (1 - t) x + t noise
 * @param selfConditioned (batch): 1 for clips given the model's own first estimate (self-conditioning)
 * @param coverage (batch, frames, height, width): how much of each pixel the object covers; empty unless the
 *     recipe weights the object
 * @param objectWeight the step's object weight ({@link TrainingSpec#objectWeight(int)})
 */
public record TrainingBatch(int batch, int frames, int width, int height, float[] clips, float[] known,
        float[] noise, float[] times, float[] selfConditioned, float[] coverage, double objectWeight,
        List<String> captions) {

    /** @param frameNoiseShare the model's {@link FrameNoise} share */
    static TrainingBatch draw(TrainingSpec spec, int patchT, int patchArea, double frameNoiseShare, int step) {
        SplittableRandom random = new SplittableRandom(spec.seed() * 0x9E3779B97F4A7C15L + step);
        TrainingSpec.Bucket bucket = pick(spec.buckets(), TrainingSpec.Bucket::weight, random);
        int frames = pick(spec.frameCounts(), TrainingSpec.FrameCount::weight, random).frames();
        long patchesPerClip = Math.max(1L, (long) ((frames + patchT - 1) / patchT) * (bucket.width() * bucket.height() / patchArea));
        int batch = (int) Math.max(1, spec.batchTokens() / patchesPerClip);
        int w = bucket.width();
        int h = bucket.height();
        int clipValues = frames * h * w * 3;
        float[] clips = new float[batch * clipValues];
        float[] known = new float[batch * frames];
        float[] noise = new float[batch * clipValues];
        float[] times = new float[batch];
        float[] selfConditioned = new float[batch];
        int clipPixels = frames * h * w;
        double objectWeight = spec.objectWeight(step);
        float[] coverage = new float[objectWeight > 0 ? batch * clipPixels : 0];
        List<String> captions = new ArrayList<>();
        List<Scene> scenes = Scene.all();
        boolean image = frames == 1;
        for (int i = 0; i < batch; i++) {
            Scene scene;
            do {
                scene = scenes.get(random.nextInt(scenes.size()));
            } while (scene.heldOut() || image && scene.motion() != Motion.STILL);
            Geometry geometry = Geometry.random(scene.motion(), w, h, frames, random);
            float[] objectCoverage = SceneRenderer.coverage(scene, geometry, w, h, frames);
            System.arraycopy(SceneRenderer.renderSigned(scene, objectCoverage), 0, clips, i * clipValues, clipValues);
            if (coverage.length > 0) {
                System.arraycopy(objectCoverage, 0, coverage, i * clipPixels, clipPixels);
            }
            Captions.Language language = random.nextDouble() < spec.chineseShare()
                    ? Captions.Language.CHINESE : Captions.Language.ENGLISH;
            String caption = Captions.caption(scene, image, language, random);
            captions.add(random.nextDouble() < spec.textDropout() ? "" : caption);
            if (!image && random.nextDouble() < spec.knownFramesProbability()) {
                markKnown(known, i * frames, frames, random);
            }
            times[i] = (float) spec.time(Math.max(1e-4, random.nextDouble()));
            if (spec.selfConditioning() > 0 && random.nextDouble() < spec.selfConditioning()) {
                selfConditioned[i] = 1;
            }
        }
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) random.nextGaussian();
        }
        if (frameNoiseShare > 0) {
            float[] shared = new float[batch * h * w * 3];
            for (int i = 0; i < shared.length; i++) {
                shared[i] = (float) random.nextGaussian();
            }
            FrameNoise.mix(noise, shared, batch, frames, h * w * 3, frameNoiseShare);
        }
        return new TrainingBatch(batch, frames, w, h, clips, known, noise, times, selfConditioned, coverage,
                objectWeight, captions);
    }

    /** Leading frames (image to video, extending forward), trailing (extending backward) or both (connecting). */
    private static void markKnown(float[] known, int offset, int frames, SplittableRandom random) {
        int most = Math.max(1, frames / 2);
        int kind = random.nextInt(3);
        int leading = kind == 1 ? 0 : 1 + random.nextInt(most);
        int trailing = kind == 0 ? 0 : 1 + random.nextInt(most);
        if (leading + trailing >= frames) {
            trailing = Math.max(0, frames - 1 - leading);
        }
        for (int f = 0; f < leading; f++) {
            known[offset + f] = 1;
        }
        for (int f = frames - trailing; f < frames; f++) {
            known[offset + f] = 1;
        }
    }

    private static <T> T pick(List<T> items, java.util.function.ToDoubleFunction<T> weight, SplittableRandom random) {
        double total = items.stream().mapToDouble(weight).sum();
        double r = random.nextDouble() * total;
        for (T item : items) {
            r -= weight.applyAsDouble(item);
            if (r < 0) {
                return item;
            }
        }
        return items.get(items.size() - 1);
    }
}

package io.reelflow.operators.generate.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How the reference model is trained (a model directory's {@code training.json}): rectified flow on the procedural
 * shape world, AdamW with warm-up and cosine decay, an EMA of the weights as the result.
 *
 * @param batchTokens patches per batch; the batch size is this over the patches of one clip
 * @param knownFramesProbability share of video clips with given frames (leading, trailing or both ends), which
 *     teaches image to video, extension and connection
 * @param textDropout share of captions replaced by the empty prompt, for classifier-free guidance
 * @param chineseShare share of captions in Chinese
 * @param timeShift flow times are uniform u shifted to {@code s u / (1 + (s - 1) u)}: above 1 more training at high
 *     noise, where sampling starts and global structure is decided (a logit-normal, as in SD3, almost never draws
 *     t > 0.95, and the first run's model was lost there)
 * @param selfConditioning for self-conditioned architectures, the share of clips trained with the model's own
 *     estimate (from a first pass without it) as the previous-estimate input; the rest get zeros, as the first
 *     sampling step does
 * @param objectWeight extra loss weight on the object's pixels (weight 1 + this x coverage): the object is a
 *     sixth of a frame and the background is learned first; weighting it speeds up learning what the caption says
 *     about the object. It biases the velocity towards the object where the model is unsure (high noise), which
 *     counters the pull to the background-only mean, but also draws objects too large; 0 is the plain
 *     flow-matching loss
 * @param objectWeightFinal the object weight at the last step: the weight moves linearly from {@code objectWeight}
 *     to this over the run, so a run can learn the object early and end on the unbiased loss
 * @param edgeLoss weight of a second loss term on the error's differences between neighbouring pixels, which
 *     counts an error that frays an edge or rounds a corner more than one spread evenly; a quadratic form of the
 *     error, so it leaves the optimum (the conditional mean) where it is and only changes what a small model gets
 *     right first
 * @param motionLoss the same on differences between neighbouring generated frames: what moves
 * @param textLearningRateScale the text encoder's learning rate (and weight decay) relative to the rest; 0 keeps
 *     it as initialised, like a frozen pretrained encoder, so a word the denoiser cannot use yet is not pulled
 *     together with others (the trained encoders of the first runs no longer told left from right)
 */
public record TrainingSpec(
        long seed,
        int steps,
        int batchTokens,
        double learningRate,
        int warmupSteps,
        double finalLearningRateFraction,
        double weightDecay,
        double gradientClip,
        double emaDecay,
        double textDropout,
        double knownFramesProbability,
        double chineseShare,
        double timeShift,
        double selfConditioning,
        double objectWeight,
        double objectWeightFinal,
        double edgeLoss,
        double motionLoss,
        double textLearningRateScale,
        List<Bucket> buckets,
        List<FrameCount> frameCounts,
        int checkpointEvery) {

    /** A native frame size trained on, drawn with relative {@code weight}. */
    public record Bucket(int width, int height, double weight) {}

    /** A clip length trained on, drawn with relative {@code weight}; 1 is an image. */
    public record FrameCount(int frames, double weight) {}

    public TrainingSpec {
        require(steps > 0 && batchTokens > 0 && checkpointEvery > 0, "steps, batch-tokens, checkpoint-every > 0");
        require(learningRate > 0 && warmupSteps >= 0, "learning rate must be positive");
        require(finalLearningRateFraction >= 0 && finalLearningRateFraction <= 1, "final fraction in [0, 1]");
        require(emaDecay >= 0 && emaDecay < 1, "ema-decay in [0, 1)");
        require(textDropout >= 0 && textDropout < 1 && knownFramesProbability >= 0 && knownFramesProbability <= 1
                && chineseShare >= 0 && chineseShare <= 1, "probabilities in [0, 1]");
        require(timeShift > 0, "time-shift must be positive");
        require(selfConditioning >= 0 && selfConditioning <= 1, "self-conditioning in [0, 1]");
        require(objectWeight >= 0 && objectWeightFinal >= 0, "object weights must not be negative");
        require(edgeLoss >= 0 && motionLoss >= 0, "edge-loss and motion-loss must not be negative");
        require(textLearningRateScale >= 0, "text-learning-rate-scale must not be negative");
        require(!buckets.isEmpty() && !frameCounts.isEmpty(), "buckets and frame counts are required");
        buckets = List.copyOf(buckets);
        frameCounts = List.copyOf(frameCounts);
    }

    public static TrainingSpec read(Path file) throws IOException {
        JsonNode node = new ObjectMapper().readTree(Files.readAllBytes(file));
        List<Bucket> buckets = new ArrayList<>();
        for (JsonNode bucket : node.required("buckets")) {
            buckets.add(new Bucket(bucket.required("width").asInt(), bucket.required("height").asInt(),
                    bucket.required("weight").asDouble()));
        }
        List<FrameCount> frames = new ArrayList<>();
        for (JsonNode count : node.required("frame-counts")) {
            frames.add(new FrameCount(count.required("frames").asInt(), count.required("weight").asDouble()));
        }
        return new TrainingSpec(
                node.required("seed").asLong(),
                node.required("steps").asInt(),
                node.required("batch-tokens").asInt(),
                node.required("learning-rate").asDouble(),
                node.required("warmup-steps").asInt(),
                node.required("final-learning-rate-fraction").asDouble(),
                node.required("weight-decay").asDouble(),
                node.required("gradient-clip").asDouble(),
                node.required("ema-decay").asDouble(),
                node.required("text-dropout").asDouble(),
                node.required("known-frames-probability").asDouble(),
                node.required("chinese-share").asDouble(),
                node.required("time-shift").asDouble(),
                node.path("self-conditioning").asDouble(0),
                node.path("object-weight").asDouble(0),
                node.path("object-weight-final").asDouble(node.path("object-weight").asDouble(0)),
                node.path("edge-loss").asDouble(0),
                node.path("motion-loss").asDouble(0),
                node.path("text-learning-rate-scale").asDouble(1),
                buckets,
                frames,
                node.required("checkpoint-every").asInt());
    }

    /** Warm-up then cosine decay to the final fraction. */
    public double learningRate(int step) {
        if (step < warmupSteps) {
            return learningRate * (step + 1) / warmupSteps;
        }
        double progress = (step - warmupSteps) / (double) Math.max(1, steps - warmupSteps);
        double cosine = 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress)));
        return learningRate * (finalLearningRateFraction + (1 - finalLearningRateFraction) * cosine);
    }

    /** The object weight at {@code step} (0-based). */
    public double objectWeight(int step) {
        double progress = steps == 1 ? 1 : Math.min(1, step / (double) (steps - 1));
        return objectWeight + (objectWeightFinal - objectWeight) * progress;
    }

    /** The flow time for a uniform draw {@code u} in (0, 1). */
    public double time(double u) {
        return timeShift * u / (1 + (timeShift - 1) * u);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("training spec: " + message);
        }
    }
}

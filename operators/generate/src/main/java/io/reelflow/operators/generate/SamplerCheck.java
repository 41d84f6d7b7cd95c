package io.reelflow.operators.generate;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.reelflow.operators.generate.internal.SpacetimeDitArchitecture;
import java.util.Locale;

/**
 * diffusers' scheduler full-loop test protocol, so a sampler's numbers can be compared with the ones diffusers
 * asserts (tests/schedulers/test_scheduler_*.py). The sample is {@code dummy_sample_deter}: 4x3x8x8 with
 * {@code x[b, c, h, w] = (((c * 8 + h) * 8 + w) * 4 + b) / 768}; the model is {@code dummy_model},
 * {@code x * t / (t + 1)} in float32; the sample starts at {@code init_noise_sigma} times that and each step
 * scales the model input, calls the model and steps. As in diffusers' Euler tests (and unlike a pipeline) the
 * <em>scaled</em> sample is what the step receives; for samplers that do not scale this is the same thing.
 */
public final class SamplerCheck {

    /** batch, channels, height, width. */
    public static final Shape SAMPLE_SHAPE = new Shape(4, 3, 8, 8);

    /** sum(|x|) and mean(|x|) of the final sample, reduced in float32 by PyTorch as the tests do. */
    public record Result(float sumAbs, float meanAbs) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "sum_abs=%s mean_abs=%s", sumAbs, meanAbs);
        }
    }

    private SamplerCheck() {}

    /** The plain full loop ({@code full_loop} / {@code test_full_loop_no_noise}) over {@code steps} steps. */
    public static Result fullLoop(Sampler sampler, Prediction prediction, int steps) {
        return fullLoop(sampler, prediction, settings(sampler, steps, 1.0), 0);
    }

    /**
     * The full loop with explicit settings (the flow shift, the seed of any sampler noise); {@code imageSeqLen} is
     * passed to samplers that shift by resolution when positive.
     */
    public static Result fullLoop(Sampler sampler, Prediction prediction, SamplingSettings settings, long imageSeqLen) {
        return loop(sampler, prediction, settings, imageSeqLen, -1);
    }

    /**
     * {@code test_full_loop_with_noise}: {@code dummy_noise_deter} (the sample's values in reverse order) is added
     * at the timestep of {@code startStep}, and the loop runs from there.
     */
    public static Result fullLoopWithNoise(Sampler sampler, Prediction prediction, int steps, int startStep) {
        return fullLoopWithNoise(sampler, prediction, settings(sampler, steps, 1.0), 0, startStep);
    }

    /** The loop with noise under explicit settings and token count, as in the plain loop. */
    public static Result fullLoopWithNoise(
            Sampler sampler, Prediction prediction, SamplingSettings settings, long imageSeqLen, int startStep) {
        if (startStep < 0 || startStep >= settings.steps()) {
            throw new IllegalArgumentException(
                    "start step must be in [0, " + settings.steps() + "), got " + startStep);
        }
        return loop(sampler, prediction, settings, imageSeqLen, startStep);
    }

    /** {@code dummy_sample_deter}, in (batch, channel, height, width) order. */
    public static float[] dummySample() {
        return deterministic(false);
    }

    /** {@code dummy_noise_deter}: the same construction from {@code arange(768).flip(-1)}. */
    public static float[] dummyNoise() {
        return deterministic(true);
    }

    private static SamplingSettings settings(Sampler sampler, int steps, double shift) {
        return new SamplingSettings(sampler.name(), steps, 1.0, shift, 0L, "", "");
    }

    private static Result loop(
            Sampler sampler, Prediction prediction, SamplingSettings settings, long imageSeqLen, int noisedAt) {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), SpacetimeDitArchitecture.ENGINE);
                SamplerRun run = imageSeqLen > 0
                        ? sampler.start(settings, prediction, imageSeqLen)
                        : sampler.start(settings, prediction)) {
            NDArray sample = manager.create(dummySample(), SAMPLE_SHAPE);
            int first = Math.max(noisedAt, 0);
            sample = noisedAt >= 0
                    ? run.addNoise(sample, manager.create(dummyNoise(), SAMPLE_SHAPE), noisedAt)
                    : run.initialLatents(sample);
            for (int step = first; step < run.steps(); step++) {
                sample = run.scaleModelInput(sample, step);
                float t = run.timestep(step);
                NDArray output = sample.mul(t).div(t + 1f);
                sample = run.step(output, step, sample);
            }
            NDArray abs = sample.abs();
            return new Result(abs.sum().getFloat(), abs.mean().getFloat());
        }
    }

    /** {@code arange(768)} (optionally flipped) reshaped to (c, h, w, b), divided by 768, permuted to (b, c, h, w). */
    private static float[] deterministic(boolean flipped) {
        int batch = 4;
        int channels = 3;
        int height = 8;
        int width = 8;
        int count = batch * channels * height * width;
        float[] values = new float[count];
        int i = 0;
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                for (int h = 0; h < height; h++) {
                    for (int w = 0; w < width; w++) {
                        int position = ((c * height + h) * width + w) * batch + b;
                        values[i++] = (float) (flipped ? count - 1 - position : position) / count;
                    }
                }
            }
        }
        return values;
    }
}

package io.reelflow.operators.generate.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.reelflow.operators.generate.Denoiser;
import io.reelflow.operators.generate.FrameNoise;
import io.reelflow.operators.generate.GenerationModel;
import io.reelflow.operators.generate.PixelRange;
import io.reelflow.operators.generate.Sampler;
import io.reelflow.operators.generate.SamplerRun;
import io.reelflow.operators.generate.SamplingSettings;
import io.reelflow.operators.generate.TextConditioning;
import io.reelflow.pipeline.Frames;
import java.util.List;

/**
 * Samples one request on the calling thread: fills a {@link Timeline}'s missing frames window by window (see
 * {@link Windows}), each window from seeded noise through the guided denoising loop, with the window's given frames
 * held clean. Window i's noise is seeded by the request's seed and i, so outputs are reproducible.
 */
public final class ClipSampler {

    private ClipSampler() {}

    /** Fills {@code timeline}; arrays live in a sub-manager of {@code threadManager}, closed before returning. */
    public static Frames sample(GenerationModel model, Sampler sampler, SamplingSettings settings, Timeline timeline,
            NDManager threadManager) {
        Denoiser denoiser = model.denoiser();
        int size = denoiser.takesKnownFrames() ? model.windowFrames() : timeline.count();
        int context = Math.min(model.contextFrames(), (size - 1) / 2);
        boolean anyGiven = false;
        for (int i = 0; i < timeline.count(); i++) {
            anyGiven |= timeline.given(i);
        }
        if (anyGiven && !denoiser.takesKnownFrames()) {
            throw new IllegalArgumentException(model.manifest().id() + " cannot be given frames");
        }
        try (NDManager manager = threadManager.newSubManager()) {
            TextConditioning text = model.textEncoder()
                    .encode(manager, List.of(settings.negativePrompt(), settings.prompt()));
            int index = 0;
            for (Windows.Window window = Windows.next(timeline, size, context); window != null;
                    window = Windows.next(timeline, size, context), index++) {
                sampleWindow(model, sampler, settings, timeline, window, text, index, manager);
            }
            return timeline.toFrames();
        }
    }

    private static void sampleWindow(GenerationModel model, Sampler sampler, SamplingSettings settings,
            Timeline timeline, Windows.Window window, TextConditioning text, int index, NDManager parent) {
        int frameValues = timeline.width() * timeline.height() * 3;
        int frames = window.frames();
        try (NDManager manager = parent.newSubManager()) {
            long seed = index == 0 ? settings.seed() : SplitMix64.derive(settings.seed(), "window-" + index);
            Shape shape = new Shape(1, frames, timeline.height(), timeline.width(), 3);
            float[] noiseValues = SplitMix64.gaussians(seed, frames * frameValues);
            if (model.frameNoiseShare() > 0) {
                float[] shared = SplitMix64.gaussians(SplitMix64.derive(seed, "shared-noise"), frameValues);
                FrameNoise.mix(noiseValues, shared, 1, frames, frameValues, model.frameNoiseShare());
            }
            NDArray noise = manager.create(noiseValues, shape);
            float[] givenValues = new float[frames * frameValues];
            float[] mask = new float[frames];
            for (int f = 0; f < frames; f++) {
                byte[] rgb = timeline.frame(window.start() + f);
                if (rgb != null) {
                    mask[f] = 1;
                    PixelRange.signed(rgb, 0, givenValues, f * frameValues, frameValues);
                }
            }
            Denoiser denoiser = model.denoiser();
            SamplingLoop.Given given = null;
            if (denoiser.takesKnownFrames()) {
                NDArray known = manager.create(mask, new Shape(1, frames));
                denoiser = denoiser.withKnownFrames(known);
                given = new SamplingLoop.Given(manager.create(givenValues, shape),
                        known.reshape(1, frames, 1, 1, 1));
            }
            denoiser = denoiser.forRun(manager);
            SamplerRun run = sampler.start(settings.withSeed(seed), denoiser.prediction()); // e.g. DDIM's eta noise
            NDArray latents;
            Frames source = timeline.editSource();
            if (source == null) {
                latents = SamplingLoop.sample(denoiser, run, noise, text, settings.guidance(), 0, given);
            } else {
                // diffusers' img2img: skip the first (1 - strength) of the schedule, start from the noised source
                int firstStep = run.steps() - (int) Math.min(run.steps(), Math.floor(run.steps() * timeline.editStrength()));
                float[] sourceValues = new float[frames * frameValues];
                PixelRange.signed(source.rgb(), source.offset(window.start()), sourceValues, 0, sourceValues.length);
                NDArray clean = model.latentCodec().encode(manager.create(sourceValues, shape));
                NDArray start = firstStep < run.steps() ? run.addNoise(clean, noise, firstStep) : clean;
                latents = SamplingLoop.sampleFrom(denoiser, run, start, firstStep, text, settings.guidance(), 0, given);
            }
            byte[] rgb = toBytes(model.latentCodec().decode(latents));
            for (int f = 0; f < frames; f++) {
                if (!timeline.given(window.start() + f)) {
                    byte[] frame = new byte[frameValues];
                    System.arraycopy(rgb, f * frameValues, frame, 0, frameValues);
                    timeline.set(window.start() + f, frame);
                }
            }
        }
    }

    /** [-1, 1] to 0..255, rounded; (1, frames, height, width, 3) is already Frames' byte order. */
    static byte[] toBytes(NDArray pixels) {
        return pixels.add(1f).mul(127.5f).clip(0, 255).round().toType(DataType.UINT8, false).toByteArray();
    }
}

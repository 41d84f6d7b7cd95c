package io.reelflow.operators.generate.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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

/**
 * One sampling window of one request, taken a step at a time by {@link DenoisingBatch}: seeded noise (window i's
 * seed derives from the request's seed and i, so outputs are reproducible), the window's given frames held clean, and
 * for edits the source noised to where the schedule starts. Owns its arrays until {@link #finish} or {@link #close}.
 */
public final class WindowRun implements AutoCloseable {

    final NDManager manager;
    final Denoiser denoiser;
    final NDArray known;
    final SamplingLoop.Given given;
    final SamplerRun run;
    final TextConditioning text;
    final double guidance;
    private final Windows.Window window;
    private final int firstStep;
    NDArray latents;
    int step;

    private WindowRun(NDManager manager, Denoiser denoiser, NDArray known, SamplingLoop.Given given, SamplerRun run,
            TextConditioning text, double guidance, Windows.Window window, int firstStep, NDArray latents) {
        this.manager = manager;
        this.denoiser = denoiser;
        this.known = known;
        this.given = given;
        this.run = run;
        this.text = text;
        this.guidance = guidance;
        this.window = window;
        this.firstStep = firstStep;
        this.latents = latents;
        this.step = firstStep;
    }

    static WindowRun start(GenerationModel model, Sampler sampler, SamplingSettings settings, Timeline timeline,
            Windows.Window window, int index, TextConditioning text, NDManager parent) {
        int frameValues = timeline.width() * timeline.height() * 3;
        int frames = window.frames();
        NDManager manager = parent.newSubManager();
        try {
            long seed = index == 0 ? settings.seed() : SplitMix64.derive(settings.seed(), "window-" + index);
            Shape shape = new Shape(1, frames, timeline.height(), timeline.width(), 3);
            float[] noiseValues = SplitMix64.gaussians(seed, frames * frameValues);
            if (model.frameNoiseShare() > 0) {
                float[] shared = SplitMix64.gaussians(SplitMix64.derive(seed, "shared-noise"), frameValues);
                FrameNoise.mix(noiseValues, shared, 1, frames, frameValues, model.frameNoiseShare());
            }
            NDArray noise = manager.create(noiseValues, shape);
            Denoiser denoiser = model.denoiser();
            NDArray known = null;
            SamplingLoop.Given given = null;
            if (denoiser.takesKnownFrames()) {
                float[] givenValues = new float[frames * frameValues];
                float[] mask = new float[frames];
                for (int f = 0; f < frames; f++) {
                    byte[] rgb = timeline.frame(window.start() + f);
                    if (rgb != null) {
                        mask[f] = 1;
                        PixelRange.signed(rgb, 0, givenValues, f * frameValues, frameValues);
                    }
                }
                known = manager.create(mask, new Shape(1, frames));
                denoiser = denoiser.withKnownFrames(known);
                given = new SamplingLoop.Given(manager.create(givenValues, shape), known.reshape(1, frames, 1, 1, 1));
            }
            denoiser = denoiser.forRun(manager);
            SamplerRun run = sampler.start(settings.withSeed(seed), denoiser.prediction()); // e.g. DDIM's eta noise
            Frames source = timeline.editSource();
            if (source == null) {
                return new WindowRun(manager, denoiser, known, given, run, text, settings.guidance(), window, 0,
                        run.initialLatents(noise));
            }
            // diffusers' img2img: skip the first (1 - strength) of the schedule, start from the noised source
            int firstStep = run.steps() - (int) Math.min(run.steps(), Math.floor(run.steps() * timeline.editStrength()));
            float[] sourceValues = new float[frames * frameValues];
            PixelRange.signed(source.rgb(), source.offset(window.start()), sourceValues, 0, sourceValues.length);
            NDArray clean = model.latentCodec().encode(manager.create(sourceValues, shape));
            NDArray start = firstStep < run.steps() ? run.addNoise(clean, noise, firstStep) : clean;
            return new WindowRun(manager, denoiser, known, given, run, text, settings.guidance(), window, firstStep,
                    start);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** (1, frames, height, width, channels): only windows of one shape share a forward pass. */
    public Shape shape() {
        return latents.getShape();
    }

    public boolean done() {
        return step >= run.steps();
    }

    /** Denoising steps this window takes in all (fewer than the schedule's for edits, which start part-way). */
    public int steps() {
        return run.steps() - firstStep;
    }

    /** Steps taken so far. */
    public int stepsTaken() {
        return step - firstStep;
    }

    /** Takes the latents after a step; the previous ones are freed. */
    void advance(NDArray next) {
        next.attach(manager);
        latents.close();
        latents = next;
        step++;
    }

    /** Writes the window's generated frames into {@code timeline} and frees the window. */
    void finish(GenerationModel model, Timeline timeline) {
        try {
            NDArray held = given == null ? latents : given.apply(latents);
            byte[] rgb = ClipSampler.toBytes(model.latentCodec().decode(held));
            int frameValues = timeline.width() * timeline.height() * 3;
            for (int f = 0; f < window.frames(); f++) {
                if (!timeline.given(window.start() + f)) {
                    byte[] frame = new byte[frameValues];
                    System.arraycopy(rgb, f * frameValues, frame, 0, frameValues);
                    timeline.set(window.start() + f, frame);
                }
            }
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        run.close();
        manager.close();
    }
}

package io.reelflow.operators.generate.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.reelflow.operators.generate.GenerationModel;
import io.reelflow.operators.generate.NativeFormat;
import io.reelflow.operators.generate.Sampler;
import io.reelflow.operators.generate.SamplingSettings;
import io.reelflow.operators.generate.TextConditioning;
import io.reelflow.pipeline.Frames;
import java.util.List;

/** Samples one request on the calling thread: seeded noise, guided denoising loop, decode, 8-bit RGB. */
public final class ClipSampler {

    private ClipSampler() {}

    /** Arrays live in a sub-manager of {@code threadManager}, closed before returning. */
    public static Frames sample(GenerationModel model, Sampler sampler, SamplingSettings settings,
            NativeFormat format, NDManager threadManager) {
        Shape latentShape = model.latentCodec().latentShape(format);
        try (NDManager manager = threadManager.newSubManager()) {
            float[] noiseValues = SplitMix64.gaussians(settings.seed(), Math.toIntExact(latentShape.size()));
            NDArray noise = manager.create(noiseValues, new Shape(1).addAll(latentShape));
            TextConditioning text = model.textEncoder()
                    .encode(manager, List.of(settings.negativePrompt(), settings.prompt()));
            NDArray latents = SamplingLoop.sample(model.denoiser(),
                    sampler.start(settings, model.denoiser().prediction()), noise, text, settings.guidance());
            return toFrames(model.latentCodec().decode(latents), format);
        }
    }

    /** [-1, 1] to 0..255, rounded; (1, frames, height, width, 3) is already Frames' byte order. */
    static Frames toFrames(NDArray pixels, NativeFormat format) {
        byte[] rgb = pixels.add(1f).mul(127.5f).clip(0, 255).round().toType(DataType.UINT8, false).toByteArray();
        return new Frames(format.width(), format.height(), format.frames(), rgb);
    }
}

package io.reelflow.operators.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Maps pixels (frames, height, width, 3) in [-1, 1] to the space the denoiser works in and back: the identity for
 * pixel-space models, a VAE for latent ones.
 */
public interface LatentCodec {

    /** Shape of one item's latents (frames, height, width, channels) for a native format. */
    Shape latentShape(NativeFormat format);

    NDArray encode(NDArray pixels);

    NDArray decode(NDArray latents);

    /** Pixel space: latents are the pixels. */
    static LatentCodec identity() {
        return new LatentCodec() {
            @Override
            public Shape latentShape(NativeFormat format) {
                return new Shape(format.frames(), format.height(), format.width(), 3);
            }

            @Override
            public NDArray encode(NDArray pixels) {
                return pixels;
            }

            @Override
            public NDArray decode(NDArray latents) {
                return latents;
            }
        };
    }
}

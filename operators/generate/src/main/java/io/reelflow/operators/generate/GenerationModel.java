package io.reelflow.operators.generate;

import io.reelflow.model.ModelManifest;
import io.reelflow.schema.ModelInfo;
import java.util.Optional;

/**
 * A loaded model: its manifest, networks and sizing rules. Loaded once per process and device
 * ({@link ModelRegistry}) and shared by every worker thread, so implementations are thread-safe.
 */
public interface GenerationModel {

    ModelManifest manifest();

    Denoiser denoiser();

    TextEncoder textEncoder();

    LatentCodec latentCodec();

    /** What results report about the model: id, whether it is trained, and the hash of its weights file. */
    ModelInfo info();

    /** The native format for an image requested at {@code width x height}. */
    NativeFormat imageFormat(int width, int height);

    /** The native format for a video requested at {@code width x height} lasting {@code seconds}. */
    NativeFormat videoFormat(int width, int height, double seconds);

    /** Training timesteps of the model's noise schedule; samplers' timesteps are on this scale. */
    default int trainTimesteps() {
        return 1000;
    }

    /**
     * Most frames one sampling window holds. Models that take known frames generate longer clips window by window,
     * each window seeing the previous one's last {@link #contextFrames()}; others sample a clip in one pass.
     */
    default int windowFrames() {
        return manifest().maxNativeFrames();
    }

    /** Given frames a window sees on each side of the frames it generates. */
    default int contextFrames() {
        return 0;
    }

    /**
     * The share of its starting noise's variance that every frame of a window has in common ({@link FrameNoise}),
     * as the model was trained; 0 for independent noise per frame.
     */
    default double frameNoiseShare() {
        return 0;
    }

    /** A sampler the manifest lists under {@code samplers}, or empty. */
    default Optional<Sampler> sampler(String name) {
        return manifest().samplers().contains(name) ? Samplers.create(name, trainTimesteps()) : Optional.empty();
    }

    /** Native frames for {@code seconds} at the manifest's rate, at least one and at most max-native-frames. */
    static int nativeFrames(ModelManifest manifest, double seconds) {
        // the epsilon keeps 4 s at 8 fps at 32 frames despite binary floating point
        long frames = (long) Math.ceil(seconds * manifest.nativeFps() - 1e-9);
        return (int) Math.max(1, Math.min(manifest.maxNativeFrames(), frames));
    }
}

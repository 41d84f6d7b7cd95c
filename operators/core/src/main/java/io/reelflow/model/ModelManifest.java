package io.reelflow.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelflow.schema.GenerationMode;
import java.io.Serializable;
import java.util.List;

/**
 * A model's {@code model.json}: what the platform needs to validate requests and drive sampling. The
 * {@code architecture} node is read only by the model implementation named in {@code architecture.type}.
 *
 * @param id catalog id, also the folder name
 * @param version manifest version of the weights
 * @param trained false when the weights are random initialisation (results say so)
 * @param modes request modes the model serves; others are rejected with UNSUPPORTED_MODE
 * @param prediction what the denoiser predicts: epsilon, v or flow (velocity)
 * @param latent how pixels map to the model's space: identity (pixel space) or a VAE
 * @param nativeFps frame rate the model generates at; the encoder resamples to the requested fps
 * @param maxNativeFrames most frames one sampling run produces
 * @param samplers sampler names the model supports, the default first
 * @param defaults default steps, guidance and flow shift
 * @param weights weights file relative to the model folder, or null for seeded random initialisation
 * @param architecture implementation-specific hyper-parameters
 * @param training how the weights were made (command, steps, time, final loss, weights hash), or null
 */
public record ModelManifest(
        String id,
        String version,
        String description,
        boolean trained,
        List<GenerationMode> modes,
        String prediction,
        String latent,
        double nativeFps,
        int maxNativeFrames,
        List<String> samplers,
        Defaults defaults,
        String weights,
        JsonNode architecture,
        JsonNode training)
        implements Serializable {

    /** Sampling settings used when a request leaves them out. */
    public record Defaults(int steps, double guidance, double shift) implements Serializable {}

    public String defaultSampler() {
        return samplers.get(0);
    }

    public boolean supports(GenerationMode mode) {
        return modes.contains(mode);
    }
}

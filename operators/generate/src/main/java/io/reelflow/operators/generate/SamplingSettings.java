package io.reelflow.operators.generate;

import io.reelflow.model.ModelManifest;
import io.reelflow.schema.GenerationRequest;

/**
 * How one request is sampled: the request's choices, the manifest's defaults for what it left out.
 *
 * @param shift static time shift of flow-matching schedules (1 = none)
 * @param negativePrompt the unconditional text of classifier-free guidance ("" for none)
 */
public record SamplingSettings(
        String sampler, int steps, double guidance, double shift, long seed, String prompt, String negativePrompt) {

    public SamplingSettings {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        if (!(guidance >= 0) || !(shift > 0)) {
            throw new IllegalArgumentException("guidance must be >= 0 and shift > 0, got " + guidance + ", " + shift);
        }
    }

    /** The same settings under another seed (each window of a long clip samples with its own). */
    public SamplingSettings withSeed(long other) {
        return new SamplingSettings(sampler, steps, guidance, shift, other, prompt, negativePrompt);
    }

    public static SamplingSettings resolve(GenerationRequest request, ModelManifest manifest) {
        ModelManifest.Defaults defaults = manifest.defaults();
        String negative = request.getNegativePrompt();
        return new SamplingSettings(
                request.getSampler() != null ? request.getSampler() : manifest.defaultSampler(),
                request.getSteps() != null ? request.getSteps() : defaults.steps(),
                request.getGuidance() != null ? request.getGuidance() : defaults.guidance(),
                defaults.shift(),
                Seeds.of(request),
                request.getPrompt(),
                negative == null ? "" : negative);
    }
}

package io.reelflow.operators.generate;

/**
 * A sampling algorithm with its noise schedule (diffusers calls these schedulers). Stateless and thread-safe; each
 * request gets its own {@link SamplerRun}, which holds any multistep history.
 */
public interface Sampler {

    /** The name requests and manifests use, e.g. "flow-euler". */
    String name();

    /** Whether this sampler can drive a denoiser predicting {@code prediction}. */
    boolean supports(Prediction prediction);

    /** Plans one request's run: its timesteps and step rule. */
    SamplerRun start(SamplingSettings settings, Prediction prediction);

    /**
     * Plans a run for latents of {@code imageSeqLen} tokens. Only resolution-dependent schedules (flow-euler with
     * dynamic shifting) use the length; for the others this is {@link #start(SamplingSettings, Prediction)}.
     */
    default SamplerRun start(SamplingSettings settings, Prediction prediction, long imageSeqLen) {
        return start(settings, prediction);
    }
}

package io.reelflow.operators.generate.sampling;

import io.reelflow.operators.generate.Prediction;
import io.reelflow.operators.generate.Sampler;

/** The predictions the diffusion (not flow) samplers drive: epsilon and v. */
final class NoisePredictions {

    private NoisePredictions() {}

    static boolean supported(Prediction prediction) {
        return prediction == Prediction.EPSILON || prediction == Prediction.V;
    }

    static void require(Sampler sampler, Prediction prediction) {
        if (!supported(prediction)) {
            throw new IllegalArgumentException(sampler.name() + " drives epsilon or v models, not " + prediction);
        }
    }
}

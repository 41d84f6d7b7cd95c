package io.reelflow.operators.generate.internal;

import ai.djl.ndarray.NDArray;
import io.reelflow.operators.generate.Prediction;
import io.reelflow.operators.generate.SamplerRun;
import io.reelflow.operators.generate.Sampler;
import io.reelflow.operators.generate.Samplers;
import io.reelflow.operators.generate.SamplingSettings;

/**
 * Euler integration of a rectified flow (diffusers' FlowMatchEulerDiscreteScheduler with a static shift): with
 * x_sigma = (1 - sigma) * sample + sigma * noise, the model predicts the velocity noise - sample and each step moves
 * x by (sigma_next - sigma) * velocity, from sigma = 1 (pure noise) to 0. Sigmas are spaced evenly in training time
 * between the shifted sigma_max and sigma_min and shifted as diffusers does; the model sees sigma * trainTimesteps.
 */
public final class FlowMatchEulerSampler implements Sampler {

    private final int trainTimesteps;

    public FlowMatchEulerSampler(int trainTimesteps) {
        if (trainTimesteps < 1) {
            throw new IllegalArgumentException("trainTimesteps must be positive");
        }
        this.trainTimesteps = trainTimesteps;
    }

    @Override
    public String name() {
        return Samplers.FLOW_EULER;
    }

    @Override
    public boolean supports(Prediction prediction) {
        return prediction == Prediction.FLOW;
    }

    @Override
    public SamplerRun start(SamplingSettings settings, Prediction prediction) {
        if (!supports(prediction)) {
            throw new IllegalArgumentException(name() + " needs a flow (velocity) model, not " + prediction);
        }
        return new Run(sigmas(settings.steps(), settings.shift()), trainTimesteps);
    }

    /** The steps + 1 noise levels, from sigma_max down to the final 0. */
    public double[] sigmas(int steps, double shift) {
        double sigmaMax = shift(1.0, shift);
        double sigmaMin = shift(1.0 / trainTimesteps, shift);
        double[] sigmas = new double[steps + 1];
        for (int i = 0; i < steps; i++) {
            double t = steps == 1 ? sigmaMax : sigmaMax + (sigmaMin - sigmaMax) * i / (steps - 1);
            sigmas[i] = shift(t, shift);
        }
        sigmas[steps] = 0;
        return sigmas;
    }

    private static double shift(double sigma, double shift) {
        return shift * sigma / (1 + (shift - 1) * sigma);
    }

    private record Run(double[] sigmas, int trainTimesteps) implements SamplerRun {
        @Override
        public int steps() {
            return sigmas.length - 1;
        }

        @Override
        public float timestep(int step) {
            return (float) (sigmas[step] * trainTimesteps);
        }

        @Override
        public NDArray step(NDArray velocity, int step, NDArray latents) {
            return latents.add(velocity.mul((float) (sigmas[step + 1] - sigmas[step])));
        }
    }
}

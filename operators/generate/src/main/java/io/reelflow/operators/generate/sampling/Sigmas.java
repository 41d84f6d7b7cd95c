package io.reelflow.operators.generate.sampling;

/**
 * Noise levels of variance-preserving schedules as the k-diffusion style schedulers of diffusers compute them:
 * sigma_t = sqrt((1 - alpha-bar_t) / alpha-bar_t) in float32, interpolation and the Karras schedule in float64
 * (numpy), and the inverse map from a sigma back to a fractional timestep.
 */
final class Sigmas {

    private static final double KARRAS_RHO = 7.0;

    private Sigmas() {}

    /** sigma_t for every training timestep, the float32 tensor {@code ((1 - acp) / acp) ** 0.5}. */
    static float[] ofAlphasCumprod(float[] alphasCumprod) {
        float[] sigmas = new float[alphasCumprod.length];
        for (int t = 0; t < sigmas.length; t++) {
            sigmas[t] = (float) Math.sqrt((1f - alphasCumprod[t]) / alphasCumprod[t]);
        }
        return sigmas;
    }

    /** {@code np.log} of the float32 sigmas, kept in float32 as numpy does. */
    static float[] logs(float[] sigmas) {
        float[] logs = new float[sigmas.length];
        for (int t = 0; t < logs.length; t++) {
            logs[t] = (float) Math.log(sigmas[t]);
        }
        return logs;
    }

    /** {@code np.interp(timesteps, np.arange(len(sigmas)), sigmas)}: linear between neighbouring timesteps. */
    static double[] interpolate(double[] timesteps, float[] sigmas) {
        double[] result = new double[timesteps.length];
        int last = sigmas.length - 1;
        for (int i = 0; i < timesteps.length; i++) {
            double t = timesteps[i];
            if (t >= last) {
                result[i] = sigmas[last];
            } else if (t <= 0) {
                result[i] = sigmas[0];
            } else {
                int j = (int) Math.floor(t);
                double slope = (double) sigmas[j + 1] - sigmas[j]; // over a timestep gap of 1
                result[i] = t == j ? sigmas[j] : slope * (t - j) + sigmas[j];
            }
        }
        return result;
    }

    /** {@code _convert_to_karras}: {@code count} sigmas from sigma_max down to sigma_min, even in sigma^(1/7). */
    static double[] karras(double sigmaMax, double sigmaMin, int count) {
        double[] ramp = Linspace.numpy(0, 1, count);
        double minInvRho = Math.pow(sigmaMin, 1 / KARRAS_RHO);
        double maxInvRho = Math.pow(sigmaMax, 1 / KARRAS_RHO);
        double[] sigmas = new double[count];
        for (int i = 0; i < count; i++) {
            sigmas[i] = Math.pow(maxInvRho + ramp[i] * (minInvRho - maxInvRho), KARRAS_RHO);
        }
        return sigmas;
    }

    /**
     * {@code _sigma_to_t}: the fractional timestep whose sigma is {@code sigma}, interpolating log sigma between the
     * two training timesteps around it. The bracket difference is float32 in numpy, the rest float64.
     */
    static double timestepOf(double sigma, float[] logSigmas) {
        double logSigma = Math.log(Math.max(sigma, 1e-10));
        int low = 0;
        for (int t = 0; t < logSigmas.length; t++) {
            if (logSigma - logSigmas[t] >= 0) {
                low = t;
            }
        }
        low = Math.min(low, logSigmas.length - 2);
        int high = low + 1;
        float bracket = logSigmas[low] - logSigmas[high];
        double w = (logSigmas[low] - logSigma) / bracket;
        w = Math.min(Math.max(w, 0), 1);
        return (1 - w) * low + w * high;
    }
}

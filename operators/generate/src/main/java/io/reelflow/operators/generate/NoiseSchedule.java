package io.reelflow.operators.generate;

import io.reelflow.operators.generate.sampling.Linspace;
import java.util.Locale;

/**
 * The forward-diffusion noise schedule a model was trained with (diffusers' {@code beta_schedule},
 * {@code beta_start}, {@code beta_end}, {@code num_train_timesteps}). The tables are computed with diffusers'
 * arithmetic, float32 where it uses float32, so samplers built on them reproduce its numbers.
 *
 * @param betaStart ignored by {@link Kind#SQUAREDCOS_CAP_V2}
 * @param betaEnd ignored by {@link Kind#SQUAREDCOS_CAP_V2}
 */
public record NoiseSchedule(Kind kind, double betaStart, double betaEnd, int trainSteps) {

    /** diffusers' {@code beta_schedule} values. */
    public enum Kind {
        /** Betas evenly spaced from start to end (DDPM). */
        LINEAR,
        /** Square roots of the betas evenly spaced (latent diffusion, Stable Diffusion). */
        SCALED_LINEAR,
        /** The cosine schedule of improved DDPM / GLIDE, betas capped at 0.999. */
        SQUAREDCOS_CAP_V2;

        /** "linear", "scaled-linear" / "scaled_linear", or "cosine" / "squaredcos_cap_v2". */
        public static Kind parse(String name) {
            String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
            return switch (key) {
                case "linear" -> LINEAR;
                case "scaled_linear" -> SCALED_LINEAR;
                case "cosine", "squaredcos_cap_v2" -> SQUAREDCOS_CAP_V2;
                default -> throw new IllegalArgumentException(
                        "unknown noise schedule '" + name + "' (linear, scaled-linear or cosine)");
            };
        }
    }

    private static final double MAX_COSINE_BETA = 0.999;

    public NoiseSchedule {
        if (kind == null) {
            throw new IllegalArgumentException("kind is required");
        }
        if (trainSteps < 2) {
            throw new IllegalArgumentException("trainSteps must be at least 2, got " + trainSteps);
        }
        if (kind != Kind.SQUAREDCOS_CAP_V2 && !(betaStart > 0 && betaStart <= betaEnd && betaEnd < 1)) {
            throw new IllegalArgumentException(
                    "betas must satisfy 0 < start <= end < 1, got " + betaStart + " and " + betaEnd);
        }
    }

    public static NoiseSchedule linear(double betaStart, double betaEnd, int trainSteps) {
        return new NoiseSchedule(Kind.LINEAR, betaStart, betaEnd, trainSteps);
    }

    public static NoiseSchedule scaledLinear(double betaStart, double betaEnd, int trainSteps) {
        return new NoiseSchedule(Kind.SCALED_LINEAR, betaStart, betaEnd, trainSteps);
    }

    public static NoiseSchedule cosine(int trainSteps) {
        return new NoiseSchedule(Kind.SQUAREDCOS_CAP_V2, 0, 0, trainSteps);
    }

    /** diffusers' scheduler defaults: linear betas from 1e-4 to 0.02 (DDPM). */
    public static NoiseSchedule diffusersDefault(int trainSteps) {
        return linear(0.0001, 0.02, trainSteps);
    }

    /** beta_t for t = 0 .. trainSteps - 1, as the float32 tensor diffusers builds. */
    public float[] betas() {
        return switch (kind) {
            case LINEAR -> Linspace.torchFloat32(betaStart, betaEnd, trainSteps);
            case SCALED_LINEAR -> {
                // torch.linspace(start ** 0.5, end ** 0.5, n, dtype=float32) ** 2, squared in float32
                float[] roots = Linspace.torchFloat32(Math.sqrt(betaStart), Math.sqrt(betaEnd), trainSteps);
                for (int i = 0; i < roots.length; i++) {
                    roots[i] = roots[i] * roots[i];
                }
                yield roots;
            }
            case SQUAREDCOS_CAP_V2 -> {
                // betas_for_alpha_bar: Python floats, then torch.tensor(..., dtype=float32)
                float[] betas = new float[trainSteps];
                for (int i = 0; i < trainSteps; i++) {
                    double beta = 1 - alphaBar((i + 1) / (double) trainSteps) / alphaBar(i / (double) trainSteps);
                    betas[i] = (float) Math.min(beta, MAX_COSINE_BETA);
                }
                yield betas;
            }
        };
    }

    /**
     * alpha-bar_t, the product of (1 - beta) up to t: {@code torch.cumprod} of a float32 tensor, which on the CPU
     * accumulates in double and rounds each running product to float32.
     */
    public float[] alphasCumprod() {
        float[] betas = betas();
        float[] cumprod = new float[betas.length];
        double product = 1;
        for (int i = 0; i < betas.length; i++) {
            product *= 1f - betas[i];
            cumprod[i] = (float) product;
        }
        return cumprod;
    }

    private static double alphaBar(double t) {
        double c = Math.cos((t + 0.008) / 1.008 * Math.PI / 2);
        return c * c;
    }
}

package io.reelflow.operators.generate;

import io.reelflow.operators.generate.internal.FlowMatchEulerSampler;
import io.reelflow.operators.generate.sampling.DdimSampler;
import io.reelflow.operators.generate.sampling.DpmSolverSampler;
import io.reelflow.operators.generate.sampling.EulerSampler;
import java.util.List;
import java.util.Optional;

/** The samplers this build knows, by name, each a port of a diffusers scheduler. */
public final class Samplers {

    public static final String DDIM = "ddim";
    public static final String EULER = "euler";
    public static final String EULER_KARRAS = "euler-karras";
    public static final String DPMPP_2M = "dpmpp-2m";
    public static final String DPMPP_2M_KARRAS = "dpmpp-2m-karras";
    public static final String FLOW_EULER = "flow-euler";
    public static final String FLOW_EULER_STOCHASTIC = "flow-euler-stochastic";

    /** Every name {@link #create(String, int)} knows. */
    public static final List<String> NAMES = List.of(DDIM, EULER, EULER_KARRAS, DPMPP_2M, DPMPP_2M_KARRAS, FLOW_EULER,
            FLOW_EULER_STOCHASTIC);

    private Samplers() {}

    /**
     * A sampler with diffusers' default configuration for a model trained with {@code trainTimesteps} timesteps
     * (noise-prediction samplers assume diffusers' default linear betas, 1e-4 to 0.02), or empty for an unknown
     * name. Models with another schedule use {@link #create(SamplerOptions)}.
     */
    public static Optional<Sampler> create(String name, int trainTimesteps) {
        if (name == null) {
            return Optional.empty();
        }
        NoiseSchedule schedule = NoiseSchedule.diffusersDefault(trainTimesteps);
        SamplerOptions options = switch (name) {
            case DDIM -> SamplerOptions.Ddim.defaults(schedule);
            case EULER -> SamplerOptions.Euler.defaults(schedule);
            case EULER_KARRAS -> new SamplerOptions.Euler(schedule, TimestepSpacing.LINSPACE, 0, true);
            case DPMPP_2M -> SamplerOptions.DpmSolver.defaults(schedule);
            case DPMPP_2M_KARRAS -> new SamplerOptions.DpmSolver(
                    schedule, TimestepSpacing.LINSPACE, 0, true, true, SamplerOptions.FinalSigma.ZERO);
            case FLOW_EULER -> SamplerOptions.FlowMatch.staticShift(trainTimesteps);
            case FLOW_EULER_STOCHASTIC -> new SamplerOptions.FlowMatch(trainTimesteps, null, true);
            default -> null;
        };
        return Optional.ofNullable(options).map(Samplers::create);
    }

    /** The sampler {@code options} configure; its name is {@link SamplerOptions#samplerName()}. */
    public static Sampler create(SamplerOptions options) {
        if (options instanceof SamplerOptions.Ddim ddim) {
            return new DdimSampler(ddim);
        }
        if (options instanceof SamplerOptions.Euler euler) {
            return new EulerSampler(euler);
        }
        if (options instanceof SamplerOptions.DpmSolver dpm) {
            return new DpmSolverSampler(dpm);
        }
        return new FlowMatchEulerSampler((SamplerOptions.FlowMatch) options);
    }
}

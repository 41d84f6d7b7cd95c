package io.reelflow.operators.generate;

import io.reelflow.operators.generate.internal.FlowMatchEulerSampler;
import java.util.Optional;

/** The samplers this build knows, by name. */
public final class Samplers {

    public static final String FLOW_EULER = "flow-euler";

    private Samplers() {}

    /** A sampler for a model trained with {@code trainTimesteps} timesteps, or empty for an unknown name. */
    public static Optional<Sampler> create(String name, int trainTimesteps) {
        if (FLOW_EULER.equals(name)) {
            return Optional.of(new FlowMatchEulerSampler(trainTimesteps));
        }
        return Optional.empty();
    }
}

package io.reelflow.operators.generate;

import java.util.Optional;

/** Where the engine gets models by id; usually {@link ModelRegistry#source}. */
@FunctionalInterface
public interface ModelSource {

    /** The loaded model, or empty if the catalog has no such model. */
    Optional<GenerationModel> find(String modelId);
}

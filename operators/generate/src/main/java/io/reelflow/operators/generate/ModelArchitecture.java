package io.reelflow.operators.generate;

import ai.djl.Device;
import io.reelflow.model.ModelCatalog;
import io.reelflow.model.ModelManifest;

/**
 * Builds models of one {@code architecture.type}. Implementations are found with {@link java.util.ServiceLoader}
 * (META-INF/services), so a production model plugs in by adding a jar.
 */
public interface ModelArchitecture {

    /** The {@code architecture.type} this implementation reads, e.g. "spacetime-dit". */
    String type();

    /** Loads the manifest's weights from the catalog (or initialises them) onto {@code device}. */
    GenerationModel load(ModelManifest manifest, ModelCatalog catalog, Device device);
}

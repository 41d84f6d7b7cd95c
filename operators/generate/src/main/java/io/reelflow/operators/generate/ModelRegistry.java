package io.reelflow.operators.generate;

import ai.djl.Device;
import io.reelflow.model.ModelCatalog;
import io.reelflow.model.ModelManifest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loaded models, once per catalog, model id and device for the life of the process: every engine and Flink slot in
 * a TaskManager (one user-code class loader) shares them, so weights are in memory once.
 */
public final class ModelRegistry {

    private static final ModelRegistry SHARED = new ModelRegistry();

    private final Map<String, ModelArchitecture> architectures = new HashMap<>();
    private final Map<Key, GenerationModel> loaded = new ConcurrentHashMap<>();

    private record Key(String repository, String modelId, Device device) {}

    ModelRegistry() {
        for (ModelArchitecture architecture : ServiceLoader.load(ModelArchitecture.class, getClass().getClassLoader())) {
            architectures.put(architecture.type(), architecture);
        }
    }

    /** The process-wide registry. */
    public static ModelRegistry shared() {
        return SHARED;
    }

    /** Loads {@code modelId} from {@code catalog} onto {@code device} on first use; empty if there is no such model. */
    public Optional<GenerationModel> find(ModelCatalog catalog, String modelId, Device device) {
        Optional<ModelManifest> manifest = catalog.find(modelId);
        if (manifest.isEmpty()) {
            return Optional.empty();
        }
        Key key = new Key(catalog.repository(), modelId, device);
        return Optional.of(loaded.computeIfAbsent(key, k -> architecture(manifest.get()).load(manifest.get(), catalog, device)));
    }

    /** Models of {@code catalog} on {@code device}, as the engine sees them. */
    public ModelSource source(ModelCatalog catalog, Device device) {
        return modelId -> find(catalog, modelId, device);
    }

    private ModelArchitecture architecture(ModelManifest manifest) {
        String type = manifest.architecture() == null ? null : manifest.architecture().path("type").asText(null);
        ModelArchitecture architecture = architectures.get(type);
        if (architecture == null) {
            throw new IllegalArgumentException("model " + manifest.id() + " has architecture type '" + type
                    + "', this build knows " + architectures.keySet());
        }
        return architecture;
    }
}

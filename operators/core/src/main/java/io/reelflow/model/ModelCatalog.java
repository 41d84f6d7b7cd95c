package io.reelflow.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The models of a repository: a directory, or {@code classpath:<prefix>}, with one folder per model id holding
 * {@code model.json} and its weights. Manifests are read on first use and cached.
 */
public final class ModelCatalog implements Serializable {

    private static final String CLASSPATH = "classpath:";
    private static final Pattern MODEL_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final String repository;
    private transient Map<String, Optional<ModelManifest>> cache;

    public ModelCatalog(String repository) {
        this.repository = repository;
    }

    public String repository() {
        return repository;
    }

    /** The manifest of {@code modelId}, or empty if the repository has no such model. */
    public Optional<ModelManifest> find(String modelId) {
        if (modelId == null || !MODEL_ID.matcher(modelId).matches()) {
            return Optional.empty();
        }
        if (cache == null) {
            cache = new ConcurrentHashMap<>();
        }
        return cache.computeIfAbsent(modelId, this::read);
    }

    /** Opens a file of the model's folder (the weights, a vocabulary), or empty if it does not exist. */
    public Optional<InputStream> open(String modelId, String fileName) {
        try {
            if (repository.startsWith(CLASSPATH)) {
                String resource = "/" + repository.substring(CLASSPATH.length()) + "/" + modelId + "/" + fileName;
                return Optional.ofNullable(ModelCatalog.class.getResourceAsStream(resource));
            }
            Path file = Path.of(repository, modelId, fileName);
            return Files.isRegularFile(file) ? Optional.of(Files.newInputStream(file)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<ModelManifest> read(String modelId) {
        Optional<InputStream> in = open(modelId, "model.json");
        if (in.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream stream = in.get()) {
            ModelManifest manifest = JSON.readValue(stream, ModelManifest.class);
            if (!modelId.equals(manifest.id())) {
                throw new IllegalStateException(
                        "model.json in folder " + modelId + " declares id " + manifest.id());
            }
            return Optional.of(manifest);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read manifest of model " + modelId + " in " + repository, e);
        }
    }
}

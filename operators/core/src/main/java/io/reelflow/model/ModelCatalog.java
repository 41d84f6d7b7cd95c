package io.reelflow.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.config.StorageConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The models of a repository: a directory, {@code classpath:<prefix>}, or a remote repository such as
 * {@code s3://bucket/prefix} (see {@link RemoteModelRepository}), with one folder per model id holding
 * {@code model.json} and its weights. Manifests are read on first use and cached.
 */
public final class ModelCatalog implements Serializable {

    private static final String CLASSPATH = "classpath:";
    private static final Pattern REMOTE = Pattern.compile("[a-z][a-z0-9+.-]*://");
    private static final Pattern MODEL_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final String repository;
    private final StorageConfig storage;
    private transient Map<String, Optional<ModelManifest>> cache;
    private transient RemoteModelRepository remote;

    /** A directory or class-path repository. */
    public ModelCatalog(String repository) {
        this(repository, null);
    }

    /** Any repository; {@code storage} reaches a remote one (null if there is none). */
    public ModelCatalog(String repository, StorageConfig storage) {
        this.repository = repository;
        this.storage = storage;
    }

    /** The catalog at {@code generation.model-repository}, remote ones reached through {@code storage}. */
    public static ModelCatalog of(ReelflowConfig config) {
        return new ModelCatalog(config.generation().modelRepository(), config.storage());
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
            if (REMOTE.matcher(repository).lookingAt()) {
                return remote().open(repository, storage, modelId + "/" + fileName);
            }
            Path file = Path.of(repository, modelId, fileName);
            return Files.isRegularFile(file) ? Optional.of(Files.newInputStream(file)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private RemoteModelRepository remote() {
        if (remote == null) {
            RemoteModelRepository found = ServiceLoader
                    .load(RemoteModelRepository.class, ModelCatalog.class.getClassLoader()).stream()
                    .map(ServiceLoader.Provider::get)
                    .filter(candidate -> candidate.serves(repository))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no model repository implementation for "
                            + repository + " on the class path (s3:// needs reelflow-operator-store)"));
            if (storage == null) {
                throw new IllegalStateException("model repository " + repository + " needs the storage settings");
            }
            remote = found;
        }
        return remote;
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

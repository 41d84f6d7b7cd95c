package io.reelflow.operators.store.internal;

import io.reelflow.config.StorageConfig;
import io.reelflow.model.RemoteModelRepository;
import io.reelflow.operators.store.AssetStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Model repositories in the object store, {@code s3://bucket/prefix}: model folders are read straight from it (in
 * production, models are published to MinIO once and every TaskManager loads them from there).
 */
public final class ObjectStoreModelRepository implements RemoteModelRepository {

    /** One client per store, shared by the catalogs of a process; models are read once per process anyway. */
    private static final Map<StorageConfig, AssetStore> STORES = new ConcurrentHashMap<>();

    @Override
    public boolean serves(String repository) {
        return repository.startsWith("s3://");
    }

    @Override
    public Optional<InputStream> open(String repository, StorageConfig storage, String path) throws IOException {
        String base = repository.endsWith("/") ? repository : repository + "/";
        if (base.indexOf('/', 5) <= 5) {
            throw new IOException("model repository " + repository + " names no bucket");
        }
        AssetStore store = STORES.computeIfAbsent(storage, config -> AssetStore.builder().storage(config).build());
        try {
            return Optional.of(store.open(base + path));
        } catch (AssetStore.UnusableObject e) {
            if (e.missing()) {
                return Optional.empty();
            }
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("reading " + base + path + " was interrupted");
        }
    }
}

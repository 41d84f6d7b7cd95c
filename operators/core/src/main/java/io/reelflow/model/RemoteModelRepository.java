package io.reelflow.model;

import io.reelflow.config.StorageConfig;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * A kind of model repository that is not a directory or the class path, such as an object store
 * ({@code s3://bucket/prefix}). Implementations are found by {@link java.util.ServiceLoader}, so the core needs no
 * storage client: the store operator provides the S3 one.
 */
public interface RemoteModelRepository {

    /** True if this implementation serves {@code repository}, typically by its URI scheme. */
    boolean serves(String repository);

    /**
     * Opens {@code path} (model id / file name) under {@code repository}, reached with {@code storage}'s endpoint and
     * credentials; empty if there is no such file. The caller closes the stream.
     */
    Optional<InputStream> open(String repository, StorageConfig storage, String path) throws IOException;
}

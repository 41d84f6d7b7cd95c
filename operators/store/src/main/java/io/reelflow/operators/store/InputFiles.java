package io.reelflow.operators.store;

import io.reelflow.config.StorageConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a whole file an entry point is given by name (and uploads a local one for requests to read): {@code s3://bucket/key} from the object store at
 * {@code storage.endpoint}, with the store's retries, or a path or {@code file:} URI (a mounted ConfigMap, say).
 */
public final class InputFiles {

    private InputFiles() {}

    /**
     * The bytes of the file at {@code location}, at most {@code maxBytes}; {@code what} names it in messages
     * ("campaign file"). IllegalArgumentException if it is missing, too large or not an s3:// URI or path;
     * IOException if the store keeps failing.
     */
    public static byte[] read(String what, String location, StorageConfig storage, long maxBytes)
            throws IOException, InterruptedException {
        return location.startsWith("s3://")
                ? readObject(what, location, storage, maxBytes)
                : readFile(what, location, maxBytes);
    }

    /**
     * Uploads the local {@code file} (at most {@code maxBytes}) to {@code uri} in a shared input bucket, for requests
     * to read (a campaign's logo: {@code BrandKit.Logo.objectKey} names where); returns the URI. Writing the same
     * bytes again is harmless. IllegalArgumentException if the file or URI cannot be used; IOException if the store
     * keeps failing.
     */
    public static String upload(String what, Path file, String uri, StorageConfig storage, long maxBytes)
            throws IOException, InterruptedException {
        byte[] bytes = readFile(what, file.toString(), maxBytes);
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        String type = name.endsWith(".png") ? "image/png"
                : name.endsWith(".jpg") || name.endsWith(".jpeg") ? "image/jpeg" : "application/octet-stream";
        try (AssetStore store = AssetStore.builder().storage(storage).build()) {
            return store.writeInput(uri, bytes, type);
        } catch (IllegalStateException e) {
            throw new IOException("cannot upload " + what + " to " + uri + " at " + storage.endpoint() + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) { // closing the client
            throw new IOException("closing the object store client: " + e.getMessage(), e);
        }
    }

    private static byte[] readObject(String what, String location, StorageConfig storage, long maxBytes)
            throws IOException, InterruptedException {
        try (AssetStore store = AssetStore.builder().storage(storage).build()) {
            return store.read(location, maxBytes);
        } catch (AssetStore.UnusableObject e) {
            throw new IllegalArgumentException(what + " " + location + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IOException("cannot read " + what + " " + location + " from " + storage.endpoint() + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) { // closing the client
            throw new IOException("closing the object store client: " + e.getMessage(), e);
        }
    }

    private static byte[] readFile(String what, String location, long maxBytes) throws IOException {
        Path path = path(what, location);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException(what + " " + location + " does not exist");
        }
        if (Files.size(path) > maxBytes) {
            throw new IllegalArgumentException(what + " " + location + " is larger than " + maxBytes + " bytes");
        }
        return Files.readAllBytes(path);
    }

    private static Path path(String what, String location) {
        IllegalArgumentException unusable = new IllegalArgumentException(
                what + " must be s3://bucket/key or a file path, got " + location);
        if (location.contains("://") && !location.startsWith("file:")) {
            throw unusable;
        }
        try {
            return location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
        } catch (IllegalArgumentException | FileSystemNotFoundException e) { // InvalidPathException included
            throw unusable;
        }
    }
}

package io.reelflow.pipeline;

import java.io.IOException;

/**
 * Reads a request's input assets (the image of image to video, the videos of extension, connection and editing) as
 * decoded frames. Engines (generation, the input moderation gate) do not fetch or decode media themselves: the job or tool that runs them knows where assets
 * live (an object store, local files) and supplies a reader.
 */
@FunctionalInterface
public interface AssetReader extends AutoCloseable {

    /**
     * An asset's frames and frame rate (0 for an image), and the SHA-256 of the bytes they were decoded from (null if
     * the reader does not know them), so a later read can be matched to what the input gate checked.
     */
    record Asset(Frames frames, double fps, String sha256) {
        public Asset(Frames frames, double fps) {
            this(frames, fps, null);
        }
    }

    /**
     * An asset that cannot be used whatever the retries: missing, too large, or not decodable media. The request is
     * REJECTED with {@link #code()}; any other IOException is taken as transient and the request ends FAILED.
     */
    final class Unusable extends IOException {
        private final ErrorCode code;

        public Unusable(ErrorCode code, String message) {
            super(message);
            this.code = code;
        }

        public ErrorCode code() {
            return code;
        }
    }

    Asset read(String uri) throws IOException;

    /**
     * The object's bytes as stored, at most {@code maxBytes}: for what a stage decodes itself (the visible mark's
     * logo, which keeps its transparency). Same failures as {@link #read}; a reader of decoded media only refuses.
     */
    default byte[] bytes(String uri, long maxBytes) throws IOException {
        throw new Unusable(ErrorCode.FORBIDDEN_INPUT_ASSET, "this deployment reads no stored objects (" + uri + ")");
    }

    /** Releases connections; the engine closes its reader when it closes. */
    @Override
    default void close() throws Exception {}

    /**
     * Builds a reader in each TaskManager process from the job's configuration (readers hold connections). Engines
     * are shared by factories that are equal, so implementations are records or enums, not lambdas, which arrive
     * in each subtask as a different object.
     */
    interface Factory extends java.io.Serializable {
        AssetReader create(io.reelflow.config.ReelflowConfig config);

        /** No input assets. */
        static Factory none() {
            return NoAssets.INSTANCE;
        }
    }

    /** The factory of {@link #none()}. */
    enum NoAssets implements Factory {
        INSTANCE;

        @Override
        public AssetReader create(io.reelflow.config.ReelflowConfig config) {
            return AssetReader.none();
        }
    }

    /** For deployments that take no input assets: every read fails with a reason. */
    static AssetReader none() {
        return uri -> {
            throw new Unusable(ErrorCode.FORBIDDEN_INPUT_ASSET, "this deployment reads no input assets (" + uri + ")");
        };
    }
}

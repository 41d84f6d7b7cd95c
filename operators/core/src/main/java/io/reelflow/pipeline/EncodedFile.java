package io.reelflow.pipeline;

import io.reelflow.schema.OutputRole;
import java.io.Serializable;

/**
 * One encoded output file, ready to store: {@code name} is its object name under the request's prefix.
 *
 * @param manifest the signed provenance manifest (JSON), stored beside the file as {@code {name}.manifest.json}; null
 *     until the provenance stage has signed it
 */
public record EncodedFile(
        String name,
        OutputRole role,
        String contentType,
        byte[] bytes,
        int width,
        int height,
        int frames,
        double durationSeconds,
        byte[] manifest)
        implements Serializable {

    /** Suffix of the sidecar object that holds a file's manifest. */
    public static final String MANIFEST_SUFFIX = ".manifest.json";

    /** A file not signed yet. */
    public EncodedFile(String name, OutputRole role, String contentType, byte[] bytes, int width, int height,
            int frames, double durationSeconds) {
        this(name, role, contentType, bytes, width, height, frames, durationSeconds, null);
    }

    /** This file with new bytes (the manifest embedded) and its manifest. */
    public EncodedFile signed(byte[] signedBytes, byte[] manifestJson) {
        return new EncodedFile(name, role, contentType, signedBytes, width, height, frames, durationSeconds,
                manifestJson);
    }
}

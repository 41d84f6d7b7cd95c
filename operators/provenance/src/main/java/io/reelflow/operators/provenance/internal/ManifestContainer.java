package io.reelflow.operators.provenance.internal;

import java.io.IOException;
import java.util.Optional;

/**
 * Where a file format keeps a manifest inside the asset. Removing the manifest gives back exactly the bytes it was
 * embedded into, so the hard binding is the SHA-256 of those bytes, whichever side of the embedding computes it.
 */
public interface ManifestContainer {

    /** The asset with {@code manifest} inside; the asset must not already hold one. */
    byte[] embed(byte[] asset, byte[] manifest) throws IOException;

    /** The manifest and the asset without it, empty if the asset holds none; IOException if its structure is broken. */
    Optional<Extracted> extract(byte[] asset) throws IOException;

    record Extracted(byte[] manifest, byte[] withoutManifest) {}

    /** The container for {@code asset}'s format: PNG or ISO BMFF (MP4, MOV); empty for other formats. */
    static Optional<ManifestContainer> of(byte[] asset) {
        if (PngContainer.isPng(asset)) {
            return Optional.of(new PngContainer());
        }
        if (Mp4Container.isIsoBmff(asset)) {
            return Optional.of(new Mp4Container());
        }
        return Optional.empty();
    }
}

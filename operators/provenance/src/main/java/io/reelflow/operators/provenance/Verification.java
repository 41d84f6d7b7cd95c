package io.reelflow.operators.provenance;

/**
 * What {@link ManifestVerifier} found.
 *
 * @param manifest the claim, when one could be read (also for a broken binding, so people can see what was claimed)
 * @param keyFingerprint SHA-256 of the signing key, when the manifest names one
 * @param embedded true if the manifest came from inside the file, false if from the sidecar
 */
public record Verification(Status status, String message, Manifest manifest, String keyFingerprint,
        boolean embedded) {

    public enum Status {
        /** Signed by a trusted key, and the file is byte for byte what was signed. */
        VERIFIED,
        /** Intact and correctly signed, but by a key that is not trusted here. */
        UNTRUSTED_KEY,
        /** A manifest is there but something does not hold: signature, binding or structure. */
        INVALID,
        /** No manifest in the file and none given beside it. */
        MISSING
    }

    public boolean verified() {
        return status == Status.VERIFIED;
    }

    static Verification of(Status status, String message) {
        return new Verification(status, message, null, null, false);
    }
}

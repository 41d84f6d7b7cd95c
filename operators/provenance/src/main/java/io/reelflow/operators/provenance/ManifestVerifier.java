package io.reelflow.operators.provenance;

import io.reelflow.operators.provenance.internal.Envelope;
import io.reelflow.operators.provenance.internal.ManifestContainer;
import io.reelflow.operators.provenance.internal.ManifestContainer.Extracted;
import io.reelflow.operators.provenance.Verification.Status;
import java.io.IOException;
import java.security.PublicKey;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Checks a file against its manifest, embedded or given as a sidecar: the structure, the Ed25519 signature, the hard
 * binding (SHA-256 of the file without its manifest) and whether the signing key is trusted.
 */
public final class ManifestVerifier {

    private final List<PublicKey> trusted;

    /** {@code trusted}: the deployments' published public keys. */
    public ManifestVerifier(Collection<PublicKey> trusted) {
        this.trusted = List.copyOf(trusted);
    }

    /** The signed manifest embedded in {@code file}, if its format has one; IOException if the file is damaged. */
    public static Optional<byte[]> embeddedManifest(byte[] file) throws IOException {
        return extract(file).map(Extracted::manifest);
    }

    /** The embedded manifest and the file without it; empty for formats without a container or without one. */
    private static Optional<Extracted> extract(byte[] file) throws IOException {
        Optional<ManifestContainer> container = ManifestContainer.of(file);
        return container.isPresent() ? container.get().extract(file) : Optional.empty();
    }

    /** {@code sidecar} is the manifest stored beside the file, or null; an embedded manifest is preferred. */
    public Verification verify(byte[] file, byte[] sidecar) {
        Optional<Extracted> extracted;
        try {
            extracted = extract(file);
        } catch (IOException e) {
            return Verification.of(Status.INVALID, "the file's structure is damaged: " + e.getMessage());
        }
        boolean embedded = extracted.isPresent();
        if (!embedded && sidecar == null) {
            return Verification.of(Status.MISSING, "no provenance manifest in the file, and no sidecar given "
                    + "(a re-encoded copy loses it; its invisible watermark may still identify it)");
        }
        byte[] manifestBytes = embedded ? extracted.get().manifest() : sidecar;
        byte[] bound = embedded ? extracted.get().withoutManifest() : file;
        Envelope.Opened opened;
        try {
            opened = Envelope.open(manifestBytes);
        } catch (IOException e) {
            return Verification.of(Status.INVALID, e.getMessage());
        }
        Manifest manifest = new Manifest(opened.claim());
        String fingerprint = SigningKeys.fingerprint(opened.publicKey());
        if (!opened.signatureValid()) {
            return new Verification(Status.INVALID, "the signature does not verify: the manifest was changed after "
                    + "signing, or not signed by the key it names", manifest, fingerprint, embedded);
        }
        String claimed = manifest.boundSha256().orElse(null);
        if (claimed == null) {
            return new Verification(Status.INVALID, "the manifest has no hard binding (c2pa.hash.data)", manifest,
                    fingerprint, embedded);
        }
        String actual = ManifestSigner.sha256(bound);
        if (!actual.equals(claimed)) {
            return new Verification(Status.INVALID, "the file was modified after signing: its SHA-256 (manifest "
                    + "excluded) is " + actual + ", the manifest binds " + claimed, manifest, fingerprint, embedded);
        }
        if (trusted.stream().noneMatch(k -> SigningKeys.fingerprint(k).equals(fingerprint))) {
            return new Verification(Status.UNTRUSTED_KEY, "intact and correctly signed, but by key " + fingerprint
                    + ", which is not among the trusted keys", manifest, fingerprint, embedded);
        }
        return new Verification(Status.VERIFIED, "signature valid, file intact, signed by trusted key "
                + fingerprint, manifest, fingerprint, embedded);
    }
}

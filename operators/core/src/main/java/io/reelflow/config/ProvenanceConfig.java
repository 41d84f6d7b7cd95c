package io.reelflow.config;

import java.io.Serializable;
import java.util.List;

/**
 * Signed provenance manifests. The Ed25519 key pair is the deployment's and lives outside the code: each key is a PEM
 * file path or the PEM text itself (REELFLOW_PROVENANCE_SIGNING_KEY from a secret store). Empty keys stop the job
 * from starting; the local stack fills them with a key pair generated under {@code local.data-dir}/keys.
 *
 * @param signingKey PKCS#8 Ed25519 private key
 * @param publicKey the matching X.509 public key, published at {@code {bucket}/_provenance/public-key.pem}
 * @param promptTenants tenants that opted in to carry their prompt in the manifest (others get its SHA-256 only)
 */
public record ProvenanceConfig(String signingKey, String publicKey, List<String> promptTenants)
        implements Serializable {

    public boolean hasKeys() {
        return signingKey != null && !signingKey.isBlank() && publicKey != null && !publicKey.isBlank();
    }

    /** The public key's PEM text, read from its file unless the value is the PEM itself; null when not set. */
    public String publicKeyPem() throws java.io.IOException {
        if (publicKey == null || publicKey.isBlank()) {
            return null;
        }
        return publicKey.contains("-----BEGIN") ? publicKey
                : java.nio.file.Files.readString(java.nio.file.Path.of(publicKey.trim()));
    }

    public ProvenanceConfig withKeys(String signing, String publicPem) {
        return new ProvenanceConfig(signing, publicPem, promptTenants);
    }
}

package io.reelflow.operators.provenance;

import io.reelflow.config.ProvenanceConfig;
import io.reelflow.operators.provenance.internal.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;

/** A deployment's Ed25519 key pair (JCA, no extra provider). */
public record SigningKeys(PrivateKey privateKey, PublicKey publicKey) {

    public static final String ALGORITHM = "Ed25519";
    static final String PRIVATE_PEM = "PRIVATE KEY";
    static final String PUBLIC_PEM = "PUBLIC KEY";

    /** Loads the configured pair and checks that its halves belong together. */
    public static SigningKeys load(ProvenanceConfig config) throws IOException {
        if (!config.hasKeys()) {
            throw new IllegalArgumentException("provenance.signing-key and provenance.public-key must both be set "
                    + "(PEM files or PEM text; `reelflow provenance keygen --out DIR` makes a pair)");
        }
        SigningKeys keys;
        try {
            PrivateKey privateKey = KeyFactory.getInstance(ALGORITHM)
                    .generatePrivate(new PKCS8EncodedKeySpec(Pem.der(config.signingKey(), PRIVATE_PEM)));
            keys = new SigningKeys(privateKey, publicKey(config.publicKey()));
        } catch (GeneralSecurityException e) {
            throw new IOException("provenance.signing-key is not an Ed25519 PKCS#8 key: " + e.getMessage(), e);
        }
        keys.checkPair();
        return keys;
    }

    /** An X.509 (SubjectPublicKeyInfo) Ed25519 public key from PEM text or a PEM file. */
    public static PublicKey publicKey(String pemOrPath) throws IOException {
        try {
            return KeyFactory.getInstance(ALGORITHM)
                    .generatePublic(new X509EncodedKeySpec(Pem.der(pemOrPath, PUBLIC_PEM)));
        } catch (GeneralSecurityException e) {
            throw new IOException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    public static SigningKeys generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
            return new SigningKeys(pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every Java 15+ runtime", e);
        }
    }

    /** Writes {@code signing-key.pem} (owner-readable only) and {@code public-key.pem} into {@code dir}. */
    public void writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path signing = signingKeyFile(dir);
        Files.writeString(signing, Pem.text(privateKey.getEncoded(), PRIVATE_PEM));
        try {
            Files.setPosixFilePermissions(signing, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing more to restrict
        }
        Files.writeString(publicKeyFile(dir), publicPem());
    }

    public static Path signingKeyFile(Path dir) {
        return dir.resolve("signing-key.pem");
    }

    public static Path publicKeyFile(Path dir) {
        return dir.resolve("public-key.pem");
    }

    public String publicPem() {
        return Pem.text(publicKey.getEncoded(), PUBLIC_PEM);
    }

    /** SHA-256 of the public key's X.509 encoding, hex: how a manifest names the key that signed it. */
    public static String fingerprint(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void checkPair() throws IOException {
        try {
            byte[] probe = "reelflow key pair check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw new IOException("provenance.public-key does not match provenance.signing-key");
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("the provenance key pair cannot sign: " + e.getMessage(), e);
        }
    }
}

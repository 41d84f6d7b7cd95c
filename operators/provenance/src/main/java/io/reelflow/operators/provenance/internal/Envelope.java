package io.reelflow.operators.provenance.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The signed form of a claim: {@code {"reelflow_manifest": 1, "claim": {...}, "signature": {"alg": "Ed25519",
 * "public_key": base64 X.509, "value": base64}}}. The signature covers the claim's canonical bytes.
 */
public final class Envelope {

    public static final int VERSION = 1;
    private static final String ALGORITHM = "Ed25519";

    private Envelope() {}

    public static byte[] seal(ObjectNode claim, PrivateKey signingKey, PublicKey publicKey) {
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(signingKey);
            signer.update(CanonicalJson.bytes(claim));
            ObjectNode envelope = CanonicalJson.MAPPER.createObjectNode();
            envelope.put("reelflow_manifest", VERSION);
            envelope.set("claim", claim);
            ObjectNode signature = envelope.putObject("signature");
            signature.put("alg", ALGORITHM);
            signature.put("public_key", Base64.getEncoder().encodeToString(publicKey.getEncoded()));
            signature.put("value", Base64.getEncoder().encodeToString(signer.sign()));
            return CanonicalJson.bytes(envelope);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing with a loaded Ed25519 key cannot fail", e);
        }
    }

    /** An opened envelope; {@code signatureValid} says whether the claim verifies under the key it names. */
    public record Opened(ObjectNode claim, PublicKey publicKey, boolean signatureValid) {}

    /** Parses and checks the signature; IOException with the reason if the envelope is not one. */
    public static Opened open(byte[] bytes) throws IOException {
        JsonNode envelope;
        try {
            envelope = CanonicalJson.parse(bytes);
        } catch (IOException e) {
            throw new IOException("the manifest is not valid JSON: " + e.getMessage(), e);
        }
        if (!java.util.Arrays.equals(CanonicalJson.bytes(envelope), bytes)) {
            // The signature covers the claim; requiring the exact canonical bytes covers the rest of the envelope.
            throw new IOException("the manifest is not in its canonical form: it was changed after signing");
        }
        if (envelope.path("reelflow_manifest").asInt(-1) != VERSION) {
            throw new IOException("not a Reelflow manifest of version " + VERSION);
        }
        if (!(envelope.get("claim") instanceof ObjectNode claim)) {
            throw new IOException("the manifest has no claim");
        }
        JsonNode signature = envelope.path("signature");
        if (!ALGORITHM.equals(signature.path("alg").asText())) {
            throw new IOException("the manifest's signature algorithm is not " + ALGORITHM);
        }
        try {
            PublicKey key = KeyFactory.getInstance(ALGORITHM).generatePublic(
                    new X509EncodedKeySpec(Base64.getDecoder().decode(signature.path("public_key").asText())));
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(CanonicalJson.bytes(claim));
            boolean valid;
            try {
                valid = verifier.verify(Base64.getDecoder().decode(signature.path("value").asText()));
            } catch (java.security.SignatureException e) {
                valid = false; // a malformed signature is an invalid one
            }
            return new Opened(claim, key, valid);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IOException("the manifest's public key or signature is malformed: " + e.getMessage(), e);
        }
    }
}

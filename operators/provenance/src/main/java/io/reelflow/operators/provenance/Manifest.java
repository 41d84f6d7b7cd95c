package io.reelflow.operators.provenance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reelflow.operators.provenance.internal.CanonicalJson;
import java.util.Optional;

/**
 * A signed claim about one asset, read-only. Its shape follows C2PA's claim: a claim generator and labelled assertions
 * ({@code c2pa.actions}, {@code c2pa.hash.data}, {@code c2pa.soft-binding}, and Reelflow's own
 * {@code io.reelflow.generation}); docs/PROVENANCE.md says where the encoding differs from C2PA's.
 */
public final class Manifest {

    public static final String ACTIONS = "c2pa.actions";
    public static final String HASH_DATA = "c2pa.hash.data";
    public static final String SOFT_BINDING = "c2pa.soft-binding";
    public static final String GENERATION = "io.reelflow.generation";
    public static final String CREATED = "c2pa.created";
    public static final String TRAINED_ALGORITHMIC_MEDIA =
            "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";
    /** The soft binding's algorithm: Reelflow's invisible watermark, whose payload is the watermark id. */
    public static final String WATERMARK_ALGORITHM = "io.reelflow.watermark";

    private final ObjectNode claim;

    Manifest(ObjectNode claim) {
        this.claim = claim;
    }

    /** A copy of the claim as signed. */
    public ObjectNode claim() {
        return claim.deepCopy();
    }

    public String claimGenerator() {
        return claim.path("claim_generator").asText();
    }

    public String title() {
        return claim.path("title").asText();
    }

    /** The data of the assertion with this label, if the claim has it. */
    public Optional<JsonNode> assertion(String label) {
        for (JsonNode assertion : claim.path("assertions")) {
            if (label.equals(assertion.path("label").asText())) {
                return Optional.of(assertion.path("data"));
            }
        }
        return Optional.empty();
    }

    /** The hard binding: hex SHA-256 of the asset's bytes without the embedded manifest. */
    public Optional<String> boundSha256() {
        return assertion(HASH_DATA).map(d -> d.path("hash").asText(null));
    }

    public Optional<String> watermarkId() {
        return assertion(SOFT_BINDING).map(d -> d.path("value").asText(null));
    }

    public String toPrettyJson() {
        try {
            return CanonicalJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(claim);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

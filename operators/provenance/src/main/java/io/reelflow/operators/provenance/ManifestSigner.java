package io.reelflow.operators.provenance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reelflow.operators.provenance.internal.CanonicalJson;
import io.reelflow.operators.provenance.internal.Envelope;
import io.reelflow.operators.provenance.internal.ManifestContainer;
import io.reelflow.pipeline.Encoded;
import io.reelflow.pipeline.EncodedFile;
import io.reelflow.pipeline.Trace;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.InputAsset;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

/**
 * Signs every file of a request: builds its claim, embeds the signed manifest where the format has room (PNG, MP4)
 * and attaches it for the sidecar object. The hard binding is the SHA-256 of the file as encoded, which is exactly
 * the file with its manifest taken out again. Thread-safe.
 */
public final class ManifestSigner {

    private final SigningKeys keys;
    private final Set<String> promptTenants;
    private final Clock clock;
    private final String claimGenerator;

    private ManifestSigner(Builder builder) {
        this.keys = builder.keys;
        this.promptTenants = Set.copyOf(builder.promptTenants);
        this.clock = builder.clock;
        this.claimGenerator = builder.claimGenerator;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The files with manifests embedded and attached; IOException if a file's structure does not allow it. */
    public Encoded sign(Encoded encoded) throws IOException {
        List<EncodedFile> signed = new ArrayList<>(encoded.files().size());
        for (EncodedFile file : encoded.files()) {
            byte[] manifest = Envelope.seal(claim(encoded.trace(), file), keys.privateKey(), keys.publicKey());
            byte[] bytes = file.bytes();
            var container = ManifestContainer.of(bytes);
            if (container.isPresent()) {
                try {
                    bytes = container.get().embed(bytes, manifest);
                } catch (IOException e) {
                    throw new IOException(file.name() + ": " + e.getMessage(), e);
                }
            }
            signed.add(file.signed(bytes, manifest));
        }
        return new Encoded(encoded.trace(), signed);
    }

    private ObjectNode claim(Trace trace, EncodedFile file) {
        GenerationRequest request = trace.request();
        ObjectNode claim = CanonicalJson.MAPPER.createObjectNode();
        claim.put("claim_generator", claimGenerator);
        claim.put("title", file.name());
        claim.put("format", file.contentType());
        claim.put("instance_id", "reelflow:" + trace.tenantId() + "/" + trace.requestId() + "/" + file.name());
        ArrayNode assertions = claim.putArray("assertions");

        ObjectNode action = assertion(assertions, Manifest.ACTIONS).putArray("actions").addObject();
        action.put("action", Manifest.CREATED);
        action.put("digitalSourceType", Manifest.TRAINED_ALGORITHMIC_MEDIA);
        action.put("softwareAgent", claimGenerator);
        action.put("when", clock.instant().toString());

        ObjectNode hash = assertion(assertions, Manifest.HASH_DATA);
        hash.put("alg", "sha256");
        hash.put("hash", sha256(file.bytes()));
        hash.put("exclusions", "the embedded manifest (PNG iTXt chunk or MP4 uuid box), if any");

        if (trace.watermarkId() != null) {
            ObjectNode soft = assertion(assertions, Manifest.SOFT_BINDING);
            soft.put("alg", Manifest.WATERMARK_ALGORITHM);
            soft.put("value", trace.watermarkId());
        }

        ObjectNode generation = assertion(assertions, Manifest.GENERATION);
        generation.put("tenant_id", trace.tenantId());
        generation.put("request_id", trace.requestId());
        if (request.getCampaignId() != null) {
            generation.put("campaign_id", request.getCampaignId());
        }
        generation.put("mode", request.getMode().name());
        generation.put("prompt_sha256", sha256(request.getPrompt().getBytes(StandardCharsets.UTF_8)));
        if (promptTenants.contains(trace.tenantId())) {
            generation.put("prompt", request.getPrompt());
        }
        if (trace.model() != null) {
            ObjectNode model = generation.putObject("model");
            model.put("id", trace.model().getId());
            model.put("trained", trace.model().getTrained());
            model.put("weights_sha256", trace.model().getWeightsSha256());
        }
        if (trace.seed() != null) {
            generation.put("seed", trace.seed());
        }
        ArrayNode ingredients = generation.putArray("input_assets");
        for (InputAsset input : request.getInputAssets()) {
            ingredients.addObject().put("uri", input.getUri()).put("role", input.getRole().name());
        }
        return claim;
    }

    private static ObjectNode assertion(ArrayNode assertions, String label) {
        ObjectNode assertion = assertions.addObject();
        assertion.put("label", label);
        return assertion.putObject("data");
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "Reelflow/" and the build's version. */
    public static String defaultClaimGenerator() {
        Properties properties = new Properties();
        try (InputStream in = ManifestSigner.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // fall through to the unknown version
        }
        return "Reelflow/" + properties.getProperty("version", "unknown");
    }

    public static final class Builder {
        private SigningKeys keys;
        private Set<String> promptTenants = Set.of();
        private Clock clock = Clock.systemUTC();
        private String claimGenerator = defaultClaimGenerator();

        private Builder() {}

        public Builder keys(SigningKeys keys) {
            this.keys = keys;
            return this;
        }

        /** Tenants whose manifests carry the prompt; the rest carry only its SHA-256. */
        public Builder promptTenants(java.util.Collection<String> tenants) {
            this.promptTenants = Set.copyOf(tenants);
            return this;
        }

        /** Stamps the action's {@code when}. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder claimGenerator(String claimGenerator) {
            this.claimGenerator = claimGenerator;
            return this;
        }

        public ManifestSigner build() {
            Objects.requireNonNull(keys, "keys");
            Objects.requireNonNull(clock, "clock");
            if (claimGenerator == null || claimGenerator.isBlank()) {
                throw new IllegalArgumentException("the claim generator must name the software");
            }
            return new ManifestSigner(this);
        }
    }
}

package io.reelflow.operators.campaign.spec;

import io.reelflow.schema.GenerationRequest;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One output a campaign produces.
 *
 * @param variables the values of the variables its template uses
 * @param fingerprint SHA-256 of everything that decides the output's bytes (its key, the rendered request but its
 *     id, priority, submission time and logo URI, the model's version, the logo's SHA-256): the same on every run,
 *     wherever the spec and the logo sit, and different as soon as any of those changes
 */
public record PlannedOutput(
        OutputKey key, Map<String, String> variables, FormatSpec format, long seed, String fingerprint,
        GenerationRequest request) {

    /** Hex digits of the fingerprint in the request id, {@code <campaign>-<16 hex>}: 64 bits, no collisions. */
    static final int ID_HASH_CHARS = 16;

    public PlannedOutput {
        variables = Collections.unmodifiableMap(new TreeMap<>(variables));
        request = GenerationRequest.newBuilder(request).build();
    }

    public String requestId() {
        return request.getRequestId().toString();
    }

    public String prompt() {
        return request.getPrompt().toString();
    }

    /**
     * The request to submit, as a fresh copy.
     *
     * @throws IllegalStateException if the campaign's logo has not been uploaded: a request must not go out without
     *     the mark its brand asks for (see {@link CampaignDefinition#withLogoAt})
     */
    public GenerationRequest request(Instant submittedAt) {
        if (request.getVisibleMark() != null && request.getVisibleMark().getText().isEmpty()
                && request.getVisibleMark().getLogoUri() == null) {
            throw new IllegalStateException(key + ": the campaign's logo has not been uploaded; plan the outputs of "
                    + "CampaignDefinition.withLogoAt(uri)");
        }
        return GenerationRequest.newBuilder(request).setSubmittedAt(submittedAt).build();
    }

    @Override
    public GenerationRequest request() {
        return GenerationRequest.newBuilder(request).build();
    }
}

package io.reelflow.operators.campaign.report;

import io.reelflow.operators.campaign.spec.FormatSpec;
import io.reelflow.operators.campaign.spec.OutputKey;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One output of a campaign and what became of it.
 *
 * @param status a result status ({@code SUCCEEDED}, {@code FAILED}, ...), {@code HELD_FOR_REVIEW}, or
 *     {@link CampaignManifest#PENDING} or {@link CampaignManifest#NOT_RUN}
 * @param seed the seed the result reports, else the planned one
 * @param objectUri the stored image or video (held for review: where approval publishes it, in the output bucket);
 *     null unless it succeeded or is held
 * @param contentType the stored object's MIME type; null unless it succeeded or is held
 * @param posterUri a video's still; null for images and unless it succeeded or is held
 * @param moderation the moderation decision; null if moderation did not run
 * @param deviceSeconds its share of device time (the result's {@code device} timing); null if sampling did not run
 * @param errorReason {@code CODE: message}; null if it succeeded or has no result yet
 */
public record ManifestRow(
        OutputKey key,
        Map<String, String> variables,
        FormatSpec format,
        String requestId,
        String status,
        long seed,
        String objectUri,
        String contentType,
        String posterUri,
        String sha256,
        String watermarkId,
        String moderation,
        Double deviceSeconds,
        String errorReason) {

    public ManifestRow {
        variables = Collections.unmodifiableMap(new TreeMap<>(variables));
    }

    public boolean isVideo() {
        return format.isVideo();
    }
}

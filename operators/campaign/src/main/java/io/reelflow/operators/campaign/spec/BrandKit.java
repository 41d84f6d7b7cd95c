package io.reelflow.operators.campaign.spec;

import io.reelflow.schema.MarkPosition;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * A brand's rules for every output of a campaign. Each output's request carries them, so they hold wherever it is
 * served (a batch CampaignJob or the streaming job): the palette in its prompt, the forbidden words as its
 * {@code blocked_terms}, the logo as its {@code visible_mark}.
 *
 * @param logo the visible mark drawn over every output, or null for the tenant's default mark
 * @param palette colour hints appended to every prompt (", colour palette: a, b, c")
 * @param forbiddenWords words the campaign's moderation blocks on top of the tenant's policy
 */
public record BrandKit(Logo logo, List<String> palette, List<String> forbiddenWords) implements Serializable {

    public static final BrandKit NONE = new BrandKit(null, List.of(), List.of());

    public BrandKit {
        palette = List.copyOf(palette);
        forbiddenWords = List.copyOf(forbiddenWords);
    }

    /** The prompt with the palette hint, if there is one. */
    public String withPalette(String prompt) {
        return palette.isEmpty() ? prompt : prompt + ", colour palette: " + String.join(", ", palette);
    }

    BrandKit withLogo(Logo logo) {
        return new BrandKit(logo, palette, forbiddenWords);
    }

    /**
     * A logo file (resolved against the spec's folder), with its SHA-256 so a changed logo changes the outputs' keys.
     *
     * @param uri where the run uploaded it, {@code s3://bucket/key}, which requests name; null until then
     */
    public record Logo(String file, String sha256, MarkPosition position, double opacity, double scale, String uri)
            implements Serializable {

        /** Hex digits of the SHA-256 in the object key: the same bytes always land on the same key. */
        static final int KEY_HASH_CHARS = 16;

        /**
         * Where a campaign run uploads this logo in a shared input bucket (readable by the tenant's requests, under
         * its prefix): {@code {tenant}/campaigns/{campaign}/logo-{first 16 hex of its SHA-256}.{png|jpg}}.
         */
        public String objectKey(String tenant, String campaign) {
            String name = file.toLowerCase(Locale.ROOT);
            String extension = name.endsWith(".jpg") || name.endsWith(".jpeg") ? "jpg" : "png";
            return tenant + "/campaigns/" + campaign + "/logo-" + sha256.substring(0, KEY_HASH_CHARS) + "." + extension;
        }

        /** This logo, uploaded to {@code uri}. */
        public Logo at(String uri) {
            return new Logo(file, sha256, position, opacity, scale, uri);
        }
    }
}

package io.reelflow.operators.campaign.spec;

import io.reelflow.config.TenantsConfig.VisibleMarkDefaults;
import io.reelflow.schema.MarkPosition;
import java.io.Serializable;
import java.util.List;

/**
 * A brand's rules for every output of a campaign.
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

    /**
     * A logo file (resolved against the spec's folder), with its SHA-256 so a changed logo changes the outputs' keys.
     */
    public record Logo(String file, String sha256, MarkPosition position, double opacity, double scale)
            implements Serializable {

        /** The mark as the watermark stage takes a tenant's default: the same type, a logo instead of text. */
        public VisibleMarkDefaults visibleMark() {
            return new VisibleMarkDefaults(null, file, position, opacity, scale);
        }
    }
}

package io.reelflow.operators.campaign;

import java.util.Locale;

/** How a campaign file lists its rows. */
public enum CampaignFormat {
    /** One JSON object per line, with GenerationRequest field names. */
    JSONL,
    /** A header line of GenerationRequest field names (and label.NAME columns), then one row per line. */
    CSV;

    /** From the file extension: .csv is CSV, .jsonl/.ndjson/.json is JSONL. */
    public static CampaignFormat ofFileName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv")) {
            return CSV;
        }
        if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson") || lower.endsWith(".json")) {
            return JSONL;
        }
        throw new IllegalArgumentException("cannot tell the format of " + name + ": use .jsonl or .csv");
    }
}

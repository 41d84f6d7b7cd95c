package io.reelflow.operators.campaign.run;

import io.reelflow.operators.campaign.spec.CampaignDefinition;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.ObjectWrite;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ReviewTask;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A campaign's ledger: one object per output under {@code {tenant}/campaigns/{campaign}/outputs/{output}} in the
 * output bucket, holding the latest {@link LedgerRecord} of that output. Whichever job serves a campaign's requests
 * (the BATCH campaign job, or the streaming job for {@code campaign run --stream}) writes it as each output ends, so
 * a run that is killed leaves a record of everything it finished, a rerun skips those, and the manifest is built
 * from it. Written at least once, to the same key: idempotent.
 */
public final class CampaignLedger {

    /** The status of a held output in ledgers and manifests. */
    public static final String HELD = "HELD_FOR_REVIEW";
    public static final String CONTENT_TYPE = "application/vnd.apache.avro+binary";

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private CampaignLedger() {}

    /** A campaign's folder in the output bucket, with the trailing slash: its ledger, manifests and report. */
    public static String folder(String tenant, String campaign) {
        return tenant + "/campaigns/" + campaign + "/";
    }

    /** Where a campaign's records are, with the trailing slash. */
    public static String prefix(String tenant, String campaign) {
        return folder(tenant, campaign) + "outputs/";
    }

    /**
     * The ledger write for a result of a campaign output, if it is one: a result without the output label (a request
     * file's row, or no campaign) has none, nor a refusal of a duplicate id (it says nothing about the output, whose
     * own record must stand), nor a result whose ids could not be object key segments (they come from clients).
     */
    public static Optional<ObjectWrite> entry(GenerationResult result) {
        if (ErrorCode.DUPLICATE_REQUEST.name().equals(result.getErrorCode())) {
            return Optional.empty();
        }
        return key(result).map(key -> new ObjectWrite(key, CONTENT_TYPE, new LedgerRecord.Finished(result).encode()));
    }

    /** The ledger write for a held campaign output, if it is one. */
    public static Optional<ObjectWrite> entry(ReviewTask task) {
        return key(task.getResult()).map(key -> new ObjectWrite(key, CONTENT_TYPE, new LedgerRecord.Held(task).encode()));
    }

    private static Optional<String> key(GenerationResult result) {
        CharSequence campaign = result.getCampaignId();
        CharSequence output = result.getLabels().get(CampaignDefinition.OUTPUT_LABEL);
        if (campaign == null || output == null || !safe(campaign) || !safe(output) || !safe(result.getTenantId())) {
            return Optional.empty();
        }
        return Optional.of(prefix(result.getTenantId().toString(), campaign.toString()) + output);
    }

    private static boolean safe(CharSequence segment) {
        String s = segment.toString();
        return SEGMENT.matcher(s).matches() && !s.equals(".") && !s.equals("..");
    }

    /**
     * The records of a campaign by output id, from its ledger objects' keys and bytes; objects that are not records
     * (damaged, or foreign) are left out, as if the output had no record.
     */
    public static Map<String, LedgerRecord> read(String tenant, String campaign, Map<String, byte[]> objects) {
        String prefix = prefix(tenant, campaign);
        Map<String, LedgerRecord> records = new HashMap<>();
        objects.forEach((key, bytes) -> {
            if (key.startsWith(prefix) && key.indexOf('/', prefix.length()) < 0) {
                LedgerRecord.decode(bytes).ifPresent(r -> records.put(key.substring(prefix.length()), r));
            }
        });
        return records;
    }

    /** Device seconds every record spent, done or not: what the campaign has used of its budget. */
    public static double spentSeconds(Collection<LedgerRecord> records) {
        return records.stream().mapToDouble(LedgerRecord::deviceSeconds).sum();
    }
}

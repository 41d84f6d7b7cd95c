package io.reelflow.operators.campaign.run;

import io.reelflow.operators.campaign.spec.CampaignDefinition;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.ObjectWrite;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ReviewTask;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A campaign's ledger: one object per attempt at an output, {@code {tenant}/campaigns/{campaign}/outputs/{output}/{request}}
 * in the output bucket, holding that attempt's {@link LedgerRecord}. One key per attempt, so a late record of one
 * attempt never overwrites another's, and every attempt's device time stays counted. Whichever job serves a campaign's requests
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
     * own record must stand), nor a result whose ids are not a campaign's: the output id must be
     * {@code {campaign}-...} and the request id the output id or a retry of it ({@code {output}-r...}), so a client
     * cannot write records for another output by copying its labels onto a request of its own.
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
        String campaign = result.getCampaignId();
        String output = result.getLabels().get(CampaignDefinition.OUTPUT_LABEL);
        String request = result.getRequestId();
        if (campaign == null || output == null || !safe(campaign) || !safe(output) || !safe(request)
                || !safe(result.getTenantId()) || !output.startsWith(campaign + "-") || !isAttemptOf(request, output)) {
            return Optional.empty();
        }
        return Optional.of(prefix(result.getTenantId(), campaign) + output + "/" + request);
    }

    /** The request id of a retry: the output id with a suffix naming the run ({@link RunPlan}). */
    static String retryId(String output, Instant runStart) {
        return output + RETRY + Long.toString(runStart.getEpochSecond(), 36);
    }

    private static final String RETRY = "-r";
    private static final Pattern RETRY_SUFFIX = Pattern.compile("[0-9a-z]{1,13}");

    private static boolean isAttemptOf(String request, String output) {
        return request.equals(output) || request.startsWith(output + RETRY)
                && RETRY_SUFFIX.matcher(request.substring(output.length() + RETRY.length())).matches();
    }

    private static boolean safe(CharSequence segment) {
        String s = segment.toString();
        return SEGMENT.matcher(s).matches() && !s.equals(".") && !s.equals("..");
    }

    /**
     * The campaign's ledger from its objects' keys and bytes: for each output, the record that decides it (an attempt
     * that produced it, else its latest attempt), and the device seconds of every attempt. Objects that are not records
     * (damaged, foreign, or not where a record goes) are left out, as if the attempt had none.
     */
    public static Ledger read(String tenant, String campaign, Map<String, byte[]> objects) {
        String prefix = prefix(tenant, campaign);
        Map<String, LedgerRecord> outputs = new HashMap<>();
        double spent = 0;
        for (Map.Entry<String, byte[]> object : objects.entrySet()) {
            String key = object.getKey();
            int slash = key.indexOf('/', prefix.length());
            if (!key.startsWith(prefix) || slash < 0 || key.indexOf('/', slash + 1) >= 0) {
                continue;
            }
            String output = key.substring(prefix.length(), slash);
            Optional<LedgerRecord> decoded = LedgerRecord.decode(object.getValue())
                    .filter(r -> r.requestId().equals(key.substring(slash + 1)));
            if (decoded.isEmpty()) {
                continue;
            }
            LedgerRecord record = decoded.get();
            spent += record.deviceSeconds();
            outputs.merge(output, record, CampaignLedger::deciding);
        }
        return new Ledger(outputs, spent);
    }

    /** Of two attempts' records, the one that decides the output: one that produced it, else the later. */
    private static LedgerRecord deciding(LedgerRecord a, LedgerRecord b) {
        if (a.done() != b.done()) {
            return a.done() ? a : b;
        }
        return a.completedAt().isAfter(b.completedAt()) ? a : b;
    }

    /**
     * A campaign's ledger as read.
     *
     * @param outputs each output's deciding record, by output id
     * @param spentSeconds device seconds of every attempt, whether it produced anything or not, including attempts
     *     at outputs the spec no longer has: what the campaign has used of its budget
     */
    public record Ledger(Map<String, LedgerRecord> outputs, double spentSeconds) {

        public static final Ledger EMPTY = new Ledger(Map.of(), 0);

        public Ledger {
            outputs = Map.copyOf(outputs);
        }

        /** The review tasks of the outputs held for review. */
        public List<ReviewTask> held() {
            return outputs.values().stream().filter(r -> r instanceof LedgerRecord.Held)
                    .map(r -> ((LedgerRecord.Held) r).task()).toList();
        }

        /** A ledger of one attempt per output. */
        public static Ledger of(Map<String, LedgerRecord> outputs) {
            return new Ledger(outputs, outputs.values().stream().mapToDouble(LedgerRecord::deviceSeconds).sum());
        }
    }
}

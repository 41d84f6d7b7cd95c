package io.reelflow.cli;

import io.reelflow.jobs.CampaignRuns;
import io.reelflow.operators.campaign.run.CampaignLedger;
import io.reelflow.operators.campaign.run.LedgerRecord;
import io.reelflow.operators.campaign.run.RunPlan;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A run's progress, from the campaign's ledger: an output of the run is finished once the request this run submitted
 * for it has its record (an earlier attempt's does not count). Rendered as one terminal line.
 */
final class CampaignProgress {

    private final CampaignRuns runs;
    private final String tenant;
    private final String campaign;
    private final String prefix;
    /** Output id to the id of the request this run submitted for it. */
    private final Map<String, String> pending = new HashMap<>();
    private final int total;
    private final long startNanos = System.nanoTime();
    private int failed;
    private double measuredSeconds;

    CampaignProgress(CampaignRuns runs, String tenant, String campaign, RunPlan plan) {
        this.runs = runs;
        this.tenant = tenant;
        this.campaign = campaign;
        this.prefix = CampaignLedger.prefix(tenant, campaign);
        plan.toRun().forEach(t -> pending.put(t.output().requestId(), t.request().getRequestId()));
        this.total = pending.size();
    }

    /** Reads the records of this run's requests that appeared since the last poll; true once every output finished. */
    boolean poll() throws IOException, InterruptedException {
        Set<String> present = new HashSet<>(runs.ledgerKeys(tenant, campaign));
        for (Map.Entry<String, String> attempt : List.copyOf(pending.entrySet())) {
            String key = prefix + attempt.getKey() + "/" + attempt.getValue();
            if (present.contains(key)) {
                pending.remove(attempt.getKey());
                LedgerRecord record = runs.record(key);
                measuredSeconds += record.deviceSeconds();
                if (!record.done()) {
                    failed++;
                }
            }
        }
        return pending.isEmpty();
    }

    int finished() {
        return total - pending.size();
    }

    /** Device seconds of this run's finished outputs. */
    double measuredSeconds() {
        return measuredSeconds;
    }

    /** The output ids of this run that have no record yet. */
    Set<String> unfinished() {
        return Set.copyOf(pending.keySet());
    }

    int failed() {
        return failed;
    }

    /** {@code [###############...............] 12/24  2.10/min  5 min 43 s  ETA 5 min 42 s  1 failed} */
    String line() {
        return line(finished(), failed, total, Duration.ofNanos(System.nanoTime() - startNanos));
    }

    static String line(int finished, int failed, int total, Duration elapsed) {
        int width = 30;
        int filled = total == 0 ? width : (int) ((long) finished * width / total);
        double seconds = Math.max(1e-3, elapsed.toMillis() / 1000.0);
        double rate = finished / seconds;
        String eta = finished == 0 ? "ETA -" : finished == total ? "done"
                : "ETA " + CampaignRuns.duration((total - finished) / rate);
        return String.format(Locale.ROOT, "[%s%s] %d/%d  %.2f/min  %s  %s  %d failed", "#".repeat(filled),
                ".".repeat(width - filled), finished, total, rate * 60, CampaignRuns.duration(seconds), eta, failed);
    }
}

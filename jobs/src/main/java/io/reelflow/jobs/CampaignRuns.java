package io.reelflow.jobs;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.config.StorageConfig;
import io.reelflow.jobs.kafka.ReviewTasks;
import io.reelflow.model.ModelCatalog;
import io.reelflow.operators.campaign.report.CampaignManifest;
import io.reelflow.operators.campaign.report.CampaignReport;
import io.reelflow.operators.campaign.run.CampaignLedger;
import io.reelflow.operators.campaign.run.LedgerRecord;
import io.reelflow.operators.campaign.run.RunPlan;
import io.reelflow.operators.campaign.spec.CampaignDefinition;
import io.reelflow.operators.campaign.spec.CampaignPlan;
import io.reelflow.operators.campaign.spec.DeviceCostModel;
import io.reelflow.operators.store.AssetStore;
import io.reelflow.operators.store.InputFiles;
import io.reelflow.pipeline.LogoLimits;
import io.reelflow.pipeline.ObjectWrite;
import io.reelflow.schema.GenerationRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A campaign run's reads and writes of the object store, shared by {@code reelflow campaign run} and the campaign
 * entry point: the ledger before and after a run, and the manifest and report it leaves.
 */
public final class CampaignRuns {

    /** A ledger record is one small Avro record; anything larger is not one. */
    private static final long MAX_RECORD_BYTES = 1L << 20;

    private final AssetStore store;
    private final StorageConfig storage;

    public CampaignRuns(AssetStore store, StorageConfig storage) {
        this.store = store;
        this.storage = storage;
    }

    /**
     * A run decided before anything is submitted: the campaign's plan, its ledger as the run found it, and what this
     * run does of it.
     */
    public record Started(CampaignPlan plan, CampaignLedger.Ledger ledger, RunPlan run) {

        public CampaignDefinition campaign() {
            return plan.campaign();
        }

        /** What the run will do, for people: {@code campaign X: N outputs; D exist, R to run (~T device time), ...}. */
        public String headline() {
            String spent = run.spentBefore() > 0
                    ? String.format(Locale.ROOT, " (earlier runs spent %.1f device s)", run.spentBefore()) : "";
            return String.format(Locale.ROOT,
                    "campaign %s: %d outputs; %d exist, %d to run (~%s device time), %d left out by the budget%s",
                    campaign().id(), plan.outputs().size(), run.done().size(), run.toRun().size(),
                    duration(run.toRunSeconds()), run.leftOut().size(), spent);
        }

        /** The requests this run submits, in the spec's order. */
        public List<GenerationRequest> requests() {
            return run.toRun().stream().map(RunPlan.ToRun::request).toList();
        }
    }

    /**
     * The first step of every run of a spec ({@code campaign run}, the campaign entry point): uploads the campaign's
     * logo, plans it with {@code config}'s model catalog and device cost model, decides from its ledger what to run
     * ({@code at} is the run's start, which the requests carry), and publishes the review tasks of its held outputs
     * again, since a killed run's never reached Kafka.
     */
    public Started start(CampaignDefinition campaign, ReelflowConfig config, Instant at)
            throws IOException, InterruptedException {
        CampaignDefinition uploaded = withLogoUploaded(campaign);
        CampaignPlan plan = CampaignPlan.of(uploaded, ModelCatalog.of(config).find(uploaded.model()).orElseThrow(
                () -> new IllegalArgumentException("model " + uploaded.model() + " is not in the catalog")),
                DeviceCostModel.of(config));
        CampaignLedger.Ledger ledger = ledger(uploaded.tenant(), uploaded.id());
        ReviewTasks.republish(config.kafka(), ledger.held());
        return new Started(plan, ledger, RunPlan.of(plan, ledger, at));
    }

    /** The last step of every run of a spec: the manifest and report from the ledger as the run left it. */
    public Results finish(Started started) throws IOException, InterruptedException {
        CampaignDefinition campaign = started.campaign();
        return writeResults(started.plan(), started.run(), ledger(campaign.tenant(), campaign.id()));
    }

    /** A time for people, rounded to seconds: {@code 42 s}, {@code 3 min 5 s}, {@code 2 h 10 min}. */
    public static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 60 ? s + " s"
                : s < 3600 ? (s / 60) + " min " + (s % 60) + " s"
                : (s / 3600) + " h " + (s / 60 % 60) + " min";
    }

    /**
     * What the budget left undone, for people: the count and the reason, then up to {@code limit} output keys and how
     * many more; empty if the run covers every output.
     */
    public static List<String> leftUndone(RunPlan run, int limit) {
        List<String> lines = new ArrayList<>();
        if (run.leftOut().isEmpty()) {
            return lines;
        }
        lines.add("left undone: " + run.leftOut().size() + " outputs, " + run.leftOut().get(0).reason());
        run.leftOut().stream().limit(limit).forEach(l -> lines.add("  " + l.output().key().path()));
        if (run.leftOut().size() > limit) {
            lines.add("  ... and " + (run.leftOut().size() - limit) + " more (manifest status " + CampaignManifest.NOT_RUN + ")");
        }
        return lines;
    }

    /**
     * The campaign with its brand logo (if it has one) uploaded where its requests read it; a campaign's requests can
     * be built only after this.
     */
    public CampaignDefinition withLogoUploaded(CampaignDefinition campaign) throws IOException, InterruptedException {
        if (campaign.brand().logo() == null) {
            return campaign;
        }
        String uri = campaign.logoUri(storage);
        InputFiles.upload("campaign logo", Path.of(campaign.brand().logo().file()), uri, storage, LogoLimits.MAX_BYTES);
        return campaign.withLogoAt(uri);
    }

    /** The campaign's ledger. */
    public CampaignLedger.Ledger ledger(String tenant, String campaign) throws IOException, InterruptedException {
        Map<String, byte[]> objects = new LinkedHashMap<>();
        for (String key : ledgerKeys(tenant, campaign)) {
            try {
                objects.put(key, store.read(uri(key), MAX_RECORD_BYTES));
            } catch (AssetStore.UnusableObject e) {
                // deleted since the listing, or not a record: as if the output had none
            }
        }
        return CampaignLedger.read(tenant, campaign, objects);
    }

    /** The keys of the campaign's ledger records, without reading them. */
    public List<String> ledgerKeys(String tenant, String campaign) throws IOException, InterruptedException {
        return store.list(CampaignLedger.prefix(tenant, campaign));
    }

    public LedgerRecord record(String key) throws IOException, InterruptedException {
        return LedgerRecord.decode(store.read(uri(key), MAX_RECORD_BYTES))
                .orElseThrow(() -> new IOException(uri(key) + " is not a campaign ledger record"));
    }

    /** The manifest and report a run leaves, with their object URIs. */
    public record Results(CampaignManifest manifest, String csvUri, String jsonUri, String reportUri,
            Map<String, byte[]> files) {

        /** {@code outputs by status: {NOT_RUN=1, SUCCEEDED=2}}. */
        public String statusLine() {
            Map<String, Integer> counts = new TreeMap<>();
            manifest.rows().forEach(r -> counts.merge(r.status(), 1, Integer::sum));
            return "outputs by status: " + counts;
        }
    }

    /**
     * Builds the campaign's manifest (CSV and JSON) and report from the plan, the ledger as the run left it and what
     * the budget left out, and writes them next to the ledger: {@code {tenant}/campaigns/{campaign}/}.
     */
    public Results writeResults(CampaignPlan plan, RunPlan run, CampaignLedger.Ledger ledger)
            throws InterruptedException {
        CampaignDefinition campaign = plan.campaign();
        Map<String, String> leftOut = new LinkedHashMap<>();
        run.leftOut().forEach(l -> leftOut.put(l.output().requestId(), l.reason()));
        CampaignManifest manifest = CampaignManifest.of(
                plan.outputs().stream().map(CampaignPlan.Costed::output).toList(), ledger.outputs(), leftOut);
        String folder = CampaignLedger.folder(campaign.tenant(), campaign.id());
        String reportUri = uri(folder + "report.html");
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("manifest.csv", manifest.toCsv().getBytes(StandardCharsets.UTF_8));
        files.put("manifest.json", manifest.toJson().getBytes(StandardCharsets.UTF_8));
        files.put("report.html", CampaignReport.html(campaign.id(), manifest, CampaignReport.relativeTo(reportUri))
                .getBytes(StandardCharsets.UTF_8));
        Map<String, String> types = Map.of("manifest.csv", "text/csv; charset=utf-8",
                "manifest.json", "application/json", "report.html", "text/html; charset=utf-8");
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            store.write(new ObjectWrite(folder + file.getKey(), types.get(file.getKey()), file.getValue()));
        }
        return new Results(manifest, uri(folder + "manifest.csv"), uri(folder + "manifest.json"), reportUri, files);
    }

    private String uri(String key) {
        return "s3://" + storage.bucket() + "/" + key;
    }
}

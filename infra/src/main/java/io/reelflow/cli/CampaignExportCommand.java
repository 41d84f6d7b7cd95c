package io.reelflow.cli;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.infra.campaign.CampaignExport;
import io.reelflow.infra.campaign.CampaignExport.Kind;
import io.reelflow.infra.campaign.CampaignExport.Line;
import io.reelflow.infra.campaign.CampaignExport.Report;
import io.reelflow.operators.store.AssetStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code reelflow campaign export ID --out DIR}: a campaign's approved outputs and manifest, named for people. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Download a campaign's approved outputs (SUCCEEDED, and held ones a reviewer released) with its",
            "manifest from the configured object store into DIR/ID/FORMAT/TEMPLATE-VARIANT.EXT and DIR/ID/manifest.json",
            "and manifest.csv (docs/CAMPAIGNS.md). Each file is checked against the manifest's sha256; files already",
            "there with that hash are left as they are. Exit code 1 if any file could not be exported."})
final class CampaignExportCommand implements Callable<Integer> {

    private static final int MAX_LINE = 400;

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Parameters(paramLabel = "ID", description = "The campaign id (the spec's `campaign`).")
    String campaign;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write ID/... .")
    Path out;

    @Option(names = "--tenant", defaultValue = "demo", description = "Tenant (default ${DEFAULT-VALUE}).")
    String tenant;

    @Option(names = "--include-posters", description = "Also export each video's poster as TEMPLATE-VARIANT.poster.png.")
    boolean includePosters;

    @Override
    public Integer call() throws Exception {
        ReelflowConfig cfg = config.load();
        PrintWriter stdout = spec.commandLine().getOut();
        try (AssetStore store = AssetStore.builder().storage(cfg.storage()).build()) {
            Report report;
            try {
                report = new CampaignExport(store, cfg.storage()).export(tenant, campaign, out, includePosters,
                        line -> {
                            stdout.println(Printable.oneLine(describe(line), MAX_LINE));
                            stdout.flush();
                        });
            } catch (CampaignExport.NoManifest e) {
                spec.commandLine().getErr().println("reelflow campaign export: " + e.getMessage());
                return 1;
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            stdout.println(report.summary() + "; files in " + report.campaignDir());
            stdout.flush();
            return report.count(Kind.ERROR) == 0 ? 0 : 1;
        }
    }

    private static String describe(Line line) {
        return switch (line.kind()) {
            case EXPORTED -> "exported   " + line.detail();
            case UNCHANGED -> "unchanged  " + line.detail();
            case SKIPPED -> "skipped    " + line.output() + ": " + line.status() + ", " + line.detail();
            case ERROR -> "error      " + line.output() + ": " + line.detail();
        };
    }
}

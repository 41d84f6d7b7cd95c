package io.reelflow.cli;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.model.ModelCatalog;
import io.reelflow.model.ModelManifest;
import io.reelflow.operators.campaign.spec.CampaignDefinition;
import io.reelflow.operators.campaign.spec.CampaignPlan;
import io.reelflow.operators.campaign.spec.CampaignSpecParser;
import io.reelflow.operators.campaign.spec.DeviceCostModel;
import io.reelflow.operators.campaign.spec.FormatSpec;
import io.reelflow.operators.campaign.spec.ParsedSpec;
import io.reelflow.operators.campaign.spec.SpecProblem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code reelflow campaign validate|plan FILE}: a campaign spec checked, and planned, before anything runs. */
final class CampaignSpecCommands {

    private CampaignSpecCommands() {}

    /** Prints every problem as FILE:LINE:COL: message (errors to stdout, so they can be piped); empty if none. */
    static Optional<CampaignDefinition> read(Path file, ReelflowConfig config, PrintWriter out) {
        ParsedSpec parsed = CampaignSpecParser.parse(file, config, ModelCatalog.of(config));
        parsed.problems().forEach(p -> out.println(p));
        return parsed.campaign();
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = {"Check a campaign spec (YAML, docs/CAMPAIGNS.md) against this deployment's limits, tenants",
                "and models. Prints `OK: N outputs`, or every problem as FILE:LINE:COL: message; exit code 1 on errors",
                "(warnings alone exit 0)."})
    static final class Validate implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ConfigOptions config;

        @Parameters(paramLabel = "FILE", description = "The campaign spec.")
        Path file;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Optional<CampaignDefinition> campaign = read(file, config.load(), out);
            campaign.ifPresent(c -> out.println("OK: " + c.outputs().size() + " outputs"));
            out.flush();
            return campaign.isPresent() ? 0 : 1;
        }
    }

    @Command(name = "plan", mixinStandardHelpOptions = true,
            description = {"Print what a campaign spec produces: outputs by format and by template, the estimated",
                "device time of each (generation.window-step-seconds, docs/CAMPAIGNS.md), and what the budget covers.",
                "Runs nothing. Exit code 1 if the spec has errors (printed as by `validate`)."})
    static final class Plan implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ConfigOptions config;

        @Parameters(paramLabel = "FILE", description = "The campaign spec.")
        Path file;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            ReelflowConfig cfg = config.load();
            Optional<CampaignDefinition> campaign = read(file, cfg, out);
            if (campaign.isEmpty()) {
                out.flush();
                return 1;
            }
            ModelManifest model = ModelCatalog.of(cfg).find(campaign.get().model()).orElseThrow();
            DeviceCostModel cost = DeviceCostModel.of(cfg);
            print(CampaignPlan.of(campaign.get(), model, cost), cost, out);
            out.flush();
            return 0;
        }

        static void print(CampaignPlan plan, DeviceCostModel cost, PrintWriter out) {
            CampaignDefinition c = plan.campaign();
            out.printf(Locale.ROOT, "campaign %s (tenant %s, model %s %s, priority %s): %d outputs%n", c.id(), c.tenant(),
                    c.model(), c.modelVersion(), c.priority(), plan.outputs().size());
            out.println();
            out.printf(Locale.ROOT, "%-14s %-30s %7s %9s %8s %7s %12s %14s%n", "format", "output", "outputs",
                    "Mpx", "frames", "steps", "windows", "device s");
            List<CampaignPlan.Group> formats = plan.byFormat();
            for (int i = 0; i < formats.size(); i++) {
                CampaignPlan.Group group = formats.get(i);
                FormatSpec format = c.formats().stream().filter(f -> f.name().equals(group.name())).findFirst().orElseThrow();
                CampaignPlan.Costed one = plan.outputs().stream()
                        .filter(o -> o.output().key().format().equals(group.name())).findFirst().orElseThrow();
                out.printf(Locale.ROOT, "%-14s %-30s %7d %9.2f %8d %7d %12d %14.1f%n", group.name(), format.describe(),
                        group.outputs(), format.width() * (double) format.height() / 1e6, format.outputFrames(),
                        format.steps(), one.estimate().windows(), group.deviceSeconds());
            }
            out.println();
            out.printf(Locale.ROOT, "%-14s %7s %14s%n", "template", "outputs", "device s");
            for (CampaignPlan.Group group : plan.byTemplate()) {
                out.printf(Locale.ROOT, "%-14s %7d %14.1f%n", group.name(), group.outputs(), group.deviceSeconds());
            }
            out.println();
            out.printf(Locale.ROOT, "total: %d outputs, %.1f Gpx x frames, estimated %s of device time%n",
                    plan.outputs().size(), plan.byFormat().stream().mapToLong(CampaignPlan.Group::pixelFrames).sum() / 1e9,
                    duration(plan.deviceSeconds()));
            out.printf(Locale.ROOT, "estimate: windows x steps x %.4f s per window step (generation.window-step-seconds;"
                    + " the default was measured on a 2-core CPU, docs/BENCHMARKS.md)%n", cost.windowStepSeconds());
            if (!c.budget().limited()) {
                out.println("budget: none set");
            } else if (plan.leftOut().isEmpty()) {
                out.printf(Locale.ROOT, "budget: %s covers all %d outputs%n", budget(c), plan.outputs().size());
            } else {
                out.printf(Locale.ROOT, "budget: %s covers %d of %d outputs (%s); left out, %d outputs (%s):%n",
                        budget(c), plan.covered().size(), plan.outputs().size(), duration(plan.coveredDeviceSeconds()),
                        plan.leftOut().size(), duration(plan.deviceSeconds() - plan.coveredDeviceSeconds()));
                plan.leftOut().forEach(o -> out.println("  " + o.output().key().path()));
            }
        }

        private static String budget(CampaignDefinition c) {
            StringBuilder text = new StringBuilder();
            if (c.budget().maxDeviceSeconds() != null) {
                text.append(String.format(Locale.ROOT, "max %.0f device s", c.budget().maxDeviceSeconds()));
            }
            if (c.budget().maxOutputs() != null) {
                text.append(text.isEmpty() ? "" : ", ").append("max ").append(c.budget().maxOutputs()).append(" outputs");
            }
            return text.toString();
        }

        private static String duration(double seconds) {
            long s = Math.round(seconds);
            return s < 60 ? String.format(Locale.ROOT, "%.1f s", seconds)
                    : String.format(Locale.ROOT, "%d h %02d min %02d s", s / 3600, s / 60 % 60, s % 60);
        }
    }
}

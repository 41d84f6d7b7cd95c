package io.reelflow.jobs;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.config.StorageConfig;
import io.reelflow.model.ModelCatalog;
import io.reelflow.operators.campaign.Campaign;
import io.reelflow.operators.campaign.spec.CampaignDefinition;
import io.reelflow.operators.campaign.spec.CampaignSpecParser;
import io.reelflow.operators.campaign.spec.ParsedSpec;
import io.reelflow.operators.campaign.spec.SpecProblem;
import io.reelflow.operators.store.InputFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The campaign entry point's arguments ({@link #USAGE}). A request file (.csv, .jsonl) is read by {@link InputFiles}
 * (the object store or a mounted file) and checked by {@link Campaign}; a campaign spec (.yaml, .yml) is read from a
 * mounted file by {@link CampaignSpecParser}, since its CSV tables and logo are files relative to it.
 */
public record CampaignArgs(String file, String tenant, String campaignId, String defaultsJson, List<String> configArgs) {

    public static final String USAGE = "--file s3://BUCKET/KEY|PATH --tenant ID [--campaign-id ID] [--defaults JSON]"
            + " [--config FILE] [path=value ...], or --file SPEC.yaml [--tenant ID] [--config FILE] [path=value ...]";

    /** Errors of a spec quoted in the failure's message; all of them are printed. */
    private static final int ERRORS_IN_MESSAGE = 20;

    public CampaignArgs {
        configArgs = List.copyOf(configArgs);
    }

    /** IllegalArgumentException names the argument that is wrong. */
    public static CampaignArgs parse(List<String> args) {
        String file = null;
        String tenant = null;
        String campaignId = null;
        String defaults = "{}";
        List<String> config = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                config.add(arg);
                continue;
            }
            if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                throw usage(arg + " needs a value");
            }
            String value = args.get(++i);
            switch (arg) {
                case "--file" -> file = value;
                case "--tenant" -> tenant = value;
                case "--campaign-id" -> campaignId = value;
                case "--defaults" -> defaults = value;
                case "--config" -> config.addAll(List.of(arg, value));
                default -> throw usage("unknown option " + arg);
            }
        }
        if (file == null || file.isBlank()) {
            throw usage("--file is required");
        }
        if (isSpec(file)) {
            if (file.contains("://") && !file.startsWith("file:")) {
                throw usage("a campaign spec is read from a mounted file, since its CSV tables and logo are files"
                        + " relative to it; mount its folder (a ConfigMap, say) and give its path, not " + file);
            }
            if (campaignId != null || !defaults.equals("{}")) {
                throw usage("a campaign spec names its campaign and its requests' fields itself: --campaign-id and"
                        + " --defaults are for request files");
            }
            return new CampaignArgs(file, tenant, null, defaults, config);
        }
        if (tenant == null || tenant.isBlank()) {
            throw usage("--tenant is required");
        }
        return new CampaignArgs(file, tenant, campaignId, defaults, config);
    }

    /** Whether the file is a campaign spec (docs/CAMPAIGNS.md) rather than a request file. */
    public boolean spec() {
        return isSpec(file);
    }

    /** The configuration: the defaults, {@code --config FILE}, REELFLOW_* variables of {@code environment}, then path=value. */
    public ReelflowConfig config(Map<String, String> environment) {
        return JobSettings.configFromArgs(configArgs, environment);
    }

    /** Reads and checks the campaign file; IllegalArgumentException for a bad file, IOException if the store fails. */
    public Campaign load(StorageConfig storage) throws IOException, InterruptedException {
        byte[] bytes = InputFiles.read("campaign file", file, storage, Campaign.MAX_FILE_BYTES);
        return Campaign.fromFile(file, bytes, campaignId, tenant, defaultsJson);
    }

    /**
     * Reads and checks the campaign spec; IllegalArgumentException with every error (each also printed to standard
     * error as FILE:LINE:COL: message, with the warnings), or if {@code --tenant} is not the spec's tenant.
     */
    public CampaignDefinition loadSpec(ReelflowConfig config) {
        Path path = file.startsWith("file:") ? Path.of(URI.create(file)) : Path.of(file);
        ParsedSpec parsed = CampaignSpecParser.parse(path, config, ModelCatalog.of(config));
        parsed.problems().forEach(System.err::println);
        if (parsed.campaign().isEmpty()) {
            List<SpecProblem> errors = parsed.errors();
            throw new IllegalArgumentException("the campaign spec " + file + " has " + errors.size() + " error(s):\n"
                    + errors.stream().limit(ERRORS_IN_MESSAGE).map(SpecProblem::toString)
                            .collect(Collectors.joining("\n")));
        }
        CampaignDefinition campaign = parsed.campaign().get();
        if (tenant != null && !tenant.equals(campaign.tenant())) {
            throw new IllegalArgumentException("--tenant " + tenant + " is not the tenant of the campaign spec " + file
                    + " (" + campaign.tenant() + ")");
        }
        return campaign;
    }

    /** The campaign file's name: its extension gives the format, and it is the campaign id unless one is given. */
    public String fileName() {
        return Campaign.fileName(file);
    }

    private static boolean isSpec(String file) {
        String name = file.toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    private static IllegalArgumentException usage(String problem) {
        return new IllegalArgumentException(problem + "; usage: " + USAGE);
    }
}

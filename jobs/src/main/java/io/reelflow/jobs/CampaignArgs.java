package io.reelflow.jobs;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.config.StorageConfig;
import io.reelflow.operators.campaign.Campaign;
import io.reelflow.operators.store.InputFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The campaign entry point's arguments ({@link #USAGE}); the campaign file they name is read by {@link InputFiles}
 * (the object store or a mounted file) and checked by {@link Campaign}.
 */
public record CampaignArgs(String file, String tenant, String campaignId, String defaultsJson, List<String> configArgs) {

    public static final String USAGE = "--file s3://BUCKET/KEY|PATH --tenant ID [--campaign-id ID] [--defaults JSON]"
            + " [--config FILE] [path=value ...]";

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
        if (tenant == null || tenant.isBlank()) {
            throw usage("--tenant is required");
        }
        return new CampaignArgs(file, tenant, campaignId, defaults, config);
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

    /** The campaign file's name: its extension gives the format, and it is the campaign id unless one is given. */
    public String fileName() {
        return Campaign.fileName(file);
    }

    private static IllegalArgumentException usage(String problem) {
        return new IllegalArgumentException(problem + "; usage: " + USAGE);
    }
}

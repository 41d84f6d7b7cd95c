package io.reelflow.jobs;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.config.StorageConfig;
import io.reelflow.operators.campaign.Campaign;
import io.reelflow.operators.store.AssetStore;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The campaign entry point's arguments ({@link #USAGE}), and the campaign file they name read from the object store
 * ({@code s3://bucket/key} at {@code storage.endpoint}) or from a file (a mounted ConfigMap, say).
 */
public record CampaignArgs(String file, String tenant, String campaignId, String defaultsJson, List<String> configArgs) {

    public static final String USAGE = "--file s3://BUCKET/KEY|PATH --tenant ID [--campaign-id ID] [--defaults JSON]"
            + " [--config FILE] [path=value ...]";
    /** Largest campaign file read: its rows travel inside the job graph. */
    static final long MAX_FILE_BYTES = 64L << 20;

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
        byte[] bytes = file.startsWith("s3://") ? readObject(storage) : readFile();
        String content;
        try {
            content = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("campaign file " + file + " is not UTF-8 text");
        }
        return Campaign.of(fileName(), content, campaignId, tenant, defaultsJson);
    }

    /** The campaign file's name: its extension gives the format, and it is the campaign id unless one is given. */
    public String fileName() {
        return file.substring(file.lastIndexOf('/') + 1);
    }

    private byte[] readObject(StorageConfig storage) throws IOException, InterruptedException {
        try (AssetStore store = AssetStore.builder().storage(storage).build()) {
            return store.read(file, MAX_FILE_BYTES);
        } catch (AssetStore.UnusableObject e) {
            throw new IllegalArgumentException("campaign file " + file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IOException("cannot read campaign file " + file + " from " + storage.endpoint() + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) { // closing the client
            throw new IOException("closing the object store client: " + e.getMessage(), e);
        }
    }

    private byte[] readFile() throws IOException {
        Path path = path();
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("campaign file " + file + " does not exist");
        }
        if (Files.size(path) > MAX_FILE_BYTES) {
            throw new IllegalArgumentException("campaign file " + file + " is larger than " + MAX_FILE_BYTES + " bytes");
        }
        return Files.readAllBytes(path);
    }

    private Path path() {
        IllegalArgumentException unusable =
                new IllegalArgumentException("campaign file must be s3://bucket/key or a file path, got " + file);
        if (file.contains("://") && !file.startsWith("file:")) {
            throw unusable;
        }
        try {
            return file.startsWith("file:") ? Path.of(URI.create(file)) : Path.of(file);
        } catch (IllegalArgumentException | FileSystemNotFoundException e) { // InvalidPathException included
            throw unusable;
        }
    }

    private static IllegalArgumentException usage(String problem) {
        return new IllegalArgumentException(problem + "; usage: " + USAGE);
    }
}

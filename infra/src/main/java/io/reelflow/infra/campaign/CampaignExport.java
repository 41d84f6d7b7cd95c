package io.reelflow.infra.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reelflow.config.StorageConfig;
import io.reelflow.infra.campaign.ExportNames.UnsafeName;
import io.reelflow.operators.campaign.report.CampaignManifest;
import io.reelflow.operators.campaign.run.CampaignLedger;
import io.reelflow.operators.store.AssetStore;
import io.reelflow.pipeline.Sha256;
import io.reelflow.schema.ResultStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Downloads a campaign's approved outputs, named for people, with its manifest: {@code DIR/{campaign}/{format}/
 * {template}-{variant}.{ext}} and {@code DIR/{campaign}/manifest.json|csv} (docs/CAMPAIGNS.md, "Export"). Approved:
 * SUCCEEDED rows, and HELD_FOR_REVIEW rows a reviewer has released (their objects are in the output bucket). Every
 * download is checked against the manifest's sha256 before it is moved into place; a file already there with that
 * hash is not downloaded again.
 */
public final class CampaignExport {

    /** Field and column of the exported file, relative to the campaign's directory. */
    public static final String FILE = "file";
    /** Field and column of the exported poster (with posters asked for). */
    public static final String POSTER_FILE = "poster_file";
    /** A manifest is read into memory; a campaign of 100,000 outputs has one of about 100 MB. */
    private static final long MAX_MANIFEST_BYTES = 256L << 20;
    private static final String SUCCEEDED = ResultStatus.SUCCEEDED.name();
    private static final String HELD = CampaignLedger.HELD;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AssetStore store;
    private final StorageConfig storage;

    /** Reads with {@code store}, which must be configured with {@code storage}. */
    public CampaignExport(AssetStore store, StorageConfig storage) {
        this.store = Objects.requireNonNull(store, "store");
        this.storage = Objects.requireNonNull(storage, "storage");
    }

    /**
     * Where {@code campaign run} writes a campaign's JSON manifest ({@link CampaignManifest#toJson()}), next to its
     * summary: {@code s3://{bucket}/{tenant}/campaigns/{campaign}/manifest.json}.
     */
    public static String manifestUri(StorageConfig storage, String tenant, String campaign) {
        return "s3://" + storage.bucket() + "/" + CampaignLedger.folder(tenant, campaign) + "manifest.json";
    }

    /**
     * Exports the campaign's approved outputs under {@code outDir/campaign}, reporting each row to {@code progress}
     * as it is done.
     *
     * @throws NoManifest if the store has no manifest for the campaign
     * @throws UnsafeName if the tenant or campaign id could not be part of a path
     * @throws IOException if the manifest cannot be read or parsed, or the local files cannot be written
     */
    public Report export(String tenant, String campaign, Path outDir, boolean includePosters, Consumer<Line> progress)
            throws IOException, InterruptedException {
        ExportNames.id("tenant", tenant);
        ExportNames.id("campaign", campaign);
        String manifestUri = manifestUri(storage, tenant, campaign);
        byte[] bytes;
        try {
            bytes = store.read(manifestUri, MAX_MANIFEST_BYTES);
        } catch (AssetStore.UnusableObject e) {
            if (e.missing()) {
                throw new NoManifest("no manifest for campaign " + campaign + " of tenant " + tenant + " at "
                        + manifestUri + "; run `reelflow campaign run` first");
            }
            throw e;
        }
        JsonNode parsed;
        try {
            parsed = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IOException("the manifest at " + manifestUri + " is not JSON: " + e.getMessage(), e);
        }
        if (parsed == null || !parsed.isArray()) {
            throw new IOException("the manifest at " + manifestUri + " is not a JSON array of rows");
        }
        Path campaignDir = outDir.resolve(campaign);
        Files.createDirectories(campaignDir);
        Run run = new Run(tenant, campaign, campaignDir, includePosters);
        ArrayNode exported = JSON.createArrayNode();
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < parsed.size(); i++) {
            Line line;
            if (parsed.get(i) instanceof ObjectNode row) {
                line = run.export(row, i + 1);
                exported.add(row);
            } else {
                line = new Line(Kind.ERROR, "row " + (i + 1), null, "not a JSON object");
            }
            lines.add(line);
            progress.accept(line);
        }
        ExportedManifest.write(campaignDir, exported);
        return new Report(campaignDir, lines);
    }

    /** One export: the names taken so far, so two rows never write one file. */
    private final class Run {
        private final String tenant;
        private final String campaign;
        private final Path campaignDir;
        private final boolean includePosters;
        private final Set<String> taken = new HashSet<>();

        Run(String tenant, String campaign, Path campaignDir, boolean includePosters) {
            this.tenant = tenant;
            this.campaign = campaign;
            this.campaignDir = campaignDir;
            this.includePosters = includePosters;
        }

        /** Exports one row and records its files in it ({@link #FILE}, {@link #POSTER_FILE}). */
        Line export(ObjectNode row, int number) throws InterruptedException {
            String key = text(row, "key");
            String output = key != null ? key : "row " + number;
            String status = text(row, "status");
            row.putNull(FILE);
            row.putNull(POSTER_FILE);
            if (status == null) {
                return new Line(Kind.ERROR, output, null, "the row has no status");
            }
            Approval approval = Approval.of(status);
            if (approval == Approval.NOT_APPROVED) {
                return new Line(Kind.SKIPPED, output, status, reason(row, status));
            }
            String uri = null;
            try {
                String base = ExportNames.base(campaign, key, text(row, "template"), text(row, "variant"),
                        text(row, "format"));
                String objectKey = ExportNames.objectKey(storage, tenant, text(row, "object_uri"));
                String sha256 = ExportNames.sha256("sha256", text(row, "sha256"));
                String file = claim(ExportNames.primary(base, objectKey, text(row, "content_type")));
                uri = ExportNames.outputUri(storage, objectKey);
                if (approval == Approval.IF_RELEASED && !released(uri)) {
                    return new Line(Kind.SKIPPED, output, status, "held for review; not released by a reviewer yet");
                }
                boolean downloaded = fetch(uri, file, sha256);
                row.put(FILE, file);
                String posterUri = text(row, "poster_uri");
                if (includePosters && posterUri != null) {
                    String posterKey = ExportNames.objectKey(storage, tenant, posterUri);
                    String poster = claim(ExportNames.poster(base, posterKey, null));
                    uri = ExportNames.outputUri(storage, posterKey);
                    // The manifest has no poster hash: the store's own record of it, written with the object, is checked.
                    String posterSha256 = ExportNames.sha256("the stored sha256 of " + uri,
                            store.storedSha256(uri).orElse(null));
                    downloaded |= fetch(uri, poster, posterSha256);
                    row.put(POSTER_FILE, poster);
                }
                return new Line(downloaded ? Kind.EXPORTED : Kind.UNCHANGED, output, status, row.get(FILE).asText()
                        + (row.get(POSTER_FILE).isNull() ? "" : ", " + row.get(POSTER_FILE).asText()));
            } catch (UnsafeName e) {
                return new Line(Kind.ERROR, output, status, e.getMessage());
            } catch (AssetStore.UnusableObject e) {
                return new Line(Kind.ERROR, output, status, e.missing() ? uri + " is missing from the store"
                        : e.getMessage());
            } catch (IOException e) {
                return new Line(Kind.ERROR, output, status, e.getMessage());
            }
        }

        private String claim(String relative) {
            if (!taken.add(relative)) {
                throw new UnsafeName("another row of the manifest is also exported as " + relative);
            }
            return relative;
        }

        /** A held output is approved once a reviewer's release has copied it to the output bucket. */
        private boolean released(String uri) throws IOException, InterruptedException {
            try {
                store.storedSha256(uri);
                return true;
            } catch (AssetStore.UnusableObject e) {
                if (e.missing()) {
                    return false;
                }
                throw e;
            }
        }

        /**
         * Downloads {@code uri} to {@code relative} unless a file with {@code sha256} is already there; true if it
         * downloaded. A download with another hash is an error, and no file is left under that name.
         */
        private boolean fetch(String uri, String relative, String sha256) throws IOException, InterruptedException {
            Path file = ExportNames.resolve(campaignDir, relative);
            if (Files.isRegularFile(file) && sha256(file).equals(sha256)) {
                return false;
            }
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".part");
            try {
                MessageDigest digest = Sha256.digest();
                try (InputStream in = store.open(uri);
                        OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), digest)) {
                    in.transferTo(out);
                }
                String actual = HexFormat.of().formatHex(digest.digest());
                if (!actual.equals(sha256)) {
                    Files.deleteIfExists(file);
                    throw new IOException(uri + " has sha256 " + actual + ", not the manifest's " + sha256
                            + "; not exported");
                }
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return true;
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }

    private static String reason(ObjectNode row, String status) {
        String reason = text(row, "error_reason");
        if (reason != null) {
            return reason;
        }
        return status.equals(CampaignManifest.PENDING) ? "no result yet" : "not approved";
    }

    /** A field's text; null if absent, null or not text. */
    private static String text(ObjectNode row, String field) {
        JsonNode value = row.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest = Sha256.digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Which rows are exported: SUCCEEDED ones, and HELD_FOR_REVIEW ones a reviewer has released. */
    enum Approval {
        APPROVED, IF_RELEASED, NOT_APPROVED;

        static Approval of(String status) {
            return SUCCEEDED.equals(status) ? APPROVED : HELD.equals(status) ? IF_RELEASED : NOT_APPROVED;
        }
    }

    /** What became of a row. */
    public enum Kind { EXPORTED, UNCHANGED, SKIPPED, ERROR }

    /**
     * One row's outcome. Values come from the manifest as they are: print them escaped.
     *
     * @param output the row's key, or {@code row N} if it has none
     * @param status the row's status; null if it has none
     * @param detail the files written (exported, unchanged), the reason (skipped) or what went wrong (error)
     */
    public record Line(Kind kind, String output, String status, String detail) {}

    /** Every row's outcome, in the manifest's order. */
    public record Report(Path campaignDir, List<Line> lines) {

        public Report {
            lines = List.copyOf(lines);
        }

        public long count(Kind kind) {
            return lines.stream().filter(l -> l.kind() == kind).count();
        }

        /** {@code N exported (M unchanged), K skipped by status (2 FAILED, 1 PENDING), E errors}. */
        public String summary() {
            java.util.Map<String, Long> skipped = new java.util.TreeMap<>();
            lines.stream().filter(l -> l.kind() == Kind.SKIPPED).forEach(l -> skipped.merge(l.status(), 1L, Long::sum));
            StringBuilder text = new StringBuilder();
            text.append(count(Kind.EXPORTED) + count(Kind.UNCHANGED)).append(" exported (")
                    .append(count(Kind.UNCHANGED)).append(" unchanged), ")
                    .append(count(Kind.SKIPPED)).append(" skipped by status");
            if (!skipped.isEmpty()) {
                List<String> parts = new ArrayList<>();
                skipped.forEach((status, n) -> parts.add(n + " " + status));
                text.append(" (").append(String.join(", ", parts)).append(')');
            }
            long errors = count(Kind.ERROR);
            return text.append(", ").append(errors).append(errors == 1 ? " error" : " errors").toString();
        }
    }

    /** The store has no manifest for the campaign: it has not been run (or not by `campaign run`). */
    public static final class NoManifest extends IOException {
        NoManifest(String message) {
            super(message);
        }
    }
}

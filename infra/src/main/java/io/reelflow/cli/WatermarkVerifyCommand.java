package io.reelflow.cli;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.store.WatermarkIndex;
import io.reelflow.operators.watermark.Detection;
import io.reelflow.operators.watermark.WatermarkDetector;
import io.reelflow.operators.watermark.WatermarkKey;
import io.reelflow.operators.watermark.WatermarkKeys;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Reads the watermark out of any file and, from the store's index, says which request it belongs to. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Read the invisible watermark from a PNG, JPEG, MP4, WebM or other video file.",
            "Tries the deployment's secret, then each tenant's own (tenants.known[].watermark-secret). A video's evidence is summed over all its frames; crops keeping at least"
                    + " 85 %% of each axis are searched for. Prints the payload, the code-bit errors corrected, the"
                    + " false-positive probability and whether it was read at the whole frame or after a crop search;"
                    + " then the request's tenant, request id, campaign and creation time from the watermark index in"
                    + " the object store (storage.*).",
            "Exit code: 0 when a watermark is found, 1 when none is (or the file cannot be decoded), 2 usage error."})
final class WatermarkVerifyCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The image or video to check.")
    Path file;

    @Option(names = "--index", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Look the payload up in the object store's watermark index (default); --no-index skips it.")
    boolean index;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        if (!Files.isRegularFile(file)) {
            throw new ParameterException(spec.commandLine(), file + ": no such file");
        }
        ReelflowConfig settings = config.load();
        Map<String, WatermarkKey> keys = WatermarkKeys.of(settings.watermark(), settings.tenants()).all();
        Detection found = null;
        String foundWith = null;
        int tried = 0;
        for (Map.Entry<String, WatermarkKey> key : keys.entrySet()) {
            Detection detection = WatermarkMedia.detect(file, WatermarkDetector.builder().key(key.getValue()).build());
            tried++;
            if (found == null || detection.detected()
                    || detection.correctedBitErrors() < found.correctedBitErrors()) {
                found = detection; // when no key finds one, the reading that came closest
                foundWith = key.getKey();
            }
            if (detection.detected()) {
                break;
            }
        }
        if (!found.detected()) {
            stdout.printf(Locale.ROOT, "no Reelflow watermark found in %s (%d frame%s; best reading: %s%s)%n",
                    file, found.framesUsed(), found.framesUsed() == 1 ? "" : "s", bestReading(found),
                    tried > 1 ? ", with " + keyName(foundWith) + " key, of " + tried + " tried" : "");
            return 1;
        }
        stdout.printf(Locale.ROOT, "watermark %s found in %s%n", found.watermarkId(), file);
        row(stdout, "confidence", "false-positive probability " + probability(found.falsePositiveProbability())
                + " (reported at or below " + probability(WatermarkDetector.DEFAULT_MAX_FALSE_POSITIVE_PROBABILITY) + ")"
                + (tried > 1 ? "; " + tried + " keys tried, so at most " + probability(tried
                        * found.falsePositiveProbability()) + " that any of them reads a mark by chance" : ""));
        row(stdout, "key", keyName(foundWith));
        row(stdout, "bit errors", found.correctedBitErrors() + " code bits corrected");
        row(stdout, "read at", where(found.region()));
        row(stdout, "frames", Integer.toString(found.framesUsed()));
        if (index) {
            lookUp(stdout, settings, found.watermarkId());
        }
        return 0;
    }

    private static void lookUp(PrintWriter stdout, ReelflowConfig settings, String id) throws InterruptedException {
        Optional<WatermarkIndex.Entry> entry;
        String uri = "";
        try (WatermarkIndex index = WatermarkIndex.of(settings.storage())) {
            uri = index.uri(id);
            entry = index.lookup(id);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            row(stdout, "index", "not read, the object store at " + settings.storage().endpoint()
                    + " is unreachable or refused (" + e.getMessage() + "); the payload above stands");
            return;
        }
        if (entry.isEmpty()) {
            row(stdout, "index", "no entry at " + uri + ": not stored by this deployment (or marked by hand)");
            return;
        }
        WatermarkIndex.Entry e = entry.get();
        row(stdout, "tenant", e.tenantId());
        row(stdout, "request", e.requestId());
        row(stdout, "campaign", e.campaignId() == null ? "-" : e.campaignId());
        row(stdout, "created", e.createdAt().toString());
        for (WatermarkIndex.Asset asset : e.assets()) {
            row(stdout, "asset", asset.uri() + " sha256 " + asset.sha256());
        }
    }

    private static String keyName(String label) {
        return label.equals(WatermarkKeys.DEPLOYMENT) ? "the deployment's" : label + "'s own";
    }

    /** The detector's best reading when it reports nothing: why it is not a detection. */
    static String bestReading(Detection detection) {
        if (detection.watermarkId() == null) {
            return detection.correctedBitErrors() + " code-bit errors and the integrity check fails";
        }
        return "payload " + detection.watermarkId() + " with " + detection.correctedBitErrors()
                + " code-bit errors, false-positive probability " + probability(detection.falsePositiveProbability())
                + ", above " + probability(WatermarkDetector.DEFAULT_MAX_FALSE_POSITIVE_PROBABILITY);
    }

    /** 9.2e-33, 1e-9: two significant digits at most, no padded exponent. */
    static String probability(double p) {
        String text = String.format(Locale.ROOT, "%.1e", p).replace(".0e", "e");
        return text.replaceFirst("e([-+])0*(\\d)", "e$1$2").replace("e+", "e");
    }

    private static String where(Detection.Region region) {
        if (region.whole()) {
            return "the whole frame";
        }
        return String.format(Locale.ROOT, "a crop search: the file shows %.1f %% x %.1f %% of the marked picture,"
                + " from %.1f %% of its width and %.1f %% of its height", 100 * region.keptX(), 100 * region.keptY(),
                100 * region.offsetX(), 100 * region.offsetY());
    }

    private static void row(PrintWriter out, String label, String value) {
        out.printf(Locale.ROOT, "  %-11s %s%n", label, value);
    }
}

package io.reelflow.bench.watermark;

import io.reelflow.operators.watermark.Detection;
import java.util.Locale;

/**
 * One read-back: an item after one attack (or unmarked, for false positives), as one tab-separated checkpoint line.
 *
 * @param part VIDEO, IMAGE or UNMARKED
 * @param attack the attack's enum name; NONE for unmarked items
 * @param detected the detector reported a mark at its default threshold
 * @param idCorrect the id it reported is the embedded one (false for unmarked items)
 * @param crcHolds the decoded payload's CRC held
 * @param payloadBitErrors id bits (of 64) read wrong; -1 for unmarked items
 * @param codeBitErrors raw code bits (of 172) read wrong before error correction; -1 for unmarked items
 * @param correctedBitErrors the detector's own count of code bits it corrected (equals codeBitErrors when it found
 *     the embedded id: a check that the bench's readout reads what the detector reads)
 * @param falsePositiveProbability the detector's bound (1 when no payload decoded)
 * @param strength the watermark strength the content needed; 0 for unmarked items
 * @param millis time for the attack and its read-back
 * @param clippedShare share of the read frames' fine cells clipped to pure white or black; -1 for unmarked items
 */
record Trial(String part, String item, String content, String size, String attack, boolean detected,
        boolean idCorrect, boolean crcHolds, int payloadBitErrors, int codeBitErrors, int correctedBitErrors,
        double falsePositiveProbability, int frames, double strength, long millis, double clippedShare) {

    static Trial of(String part, Item item, String attack, Readback.Result result, String embeddedId, double strength,
            long millis) {
        Detection d = result.detection();
        boolean idCorrect = embeddedId != null && embeddedId.equals(d.watermarkId());
        int payloadErrors = result.reading() == null ? -1 : result.reading().payloadBitErrors();
        int codeErrors = result.reading() == null ? -1 : result.reading().codeBitErrors();
        double clipped = result.reading() == null ? -1 : result.reading().clippedShare();
        return new Trial(part, item.name(), item.content().label(), item.size(), attack, d.detected(), idCorrect,
                d.watermarkId() != null, payloadErrors, codeErrors, d.correctedBitErrors(),
                d.falsePositiveProbability(), d.framesUsed(), strength, millis, clipped);
    }

    /** Detected with the embedded id: what counts as a detection of marked content. */
    boolean found() {
        return detected && idCorrect;
    }

    /** Whether the bench's readout and the detector disagree about a read the detector found. */
    boolean readoutDisagrees() {
        return found() && (payloadBitErrors != 0 || codeBitErrors != correctedBitErrors);
    }

    double bitAccuracy() {
        return 1 - payloadBitErrors / 64.0;
    }

    String key() {
        return item + "/" + attack;
    }

    String line() {
        return String.join("\t", part, item, content, size, attack, Boolean.toString(detected),
                Boolean.toString(idCorrect), Boolean.toString(crcHolds), Integer.toString(payloadBitErrors),
                Integer.toString(codeBitErrors), Integer.toString(correctedBitErrors),
                String.format(Locale.ROOT, "%.6e", falsePositiveProbability), Integer.toString(frames),
                String.format(Locale.ROOT, "%.2f", strength), Long.toString(millis),
                String.format(Locale.ROOT, "%.4f", clippedShare));
    }

    /** The trial on a checkpoint line, or null if the line is not one (a line cut short by a kill, say). */
    static Trial parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 16) {
            return null;
        }
        try {
            return new Trial(f[0], f[1], f[2], f[3], f[4], Boolean.parseBoolean(f[5]), Boolean.parseBoolean(f[6]),
                    Boolean.parseBoolean(f[7]), Integer.parseInt(f[8]), Integer.parseInt(f[9]), Integer.parseInt(f[10]),
                    Double.parseDouble(f[11]), Integer.parseInt(f[12]), Double.parseDouble(f[13]), Long.parseLong(f[14]),
                    Double.parseDouble(f[15]));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

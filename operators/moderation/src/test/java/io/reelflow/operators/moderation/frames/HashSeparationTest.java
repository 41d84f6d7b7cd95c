package io.reelflow.operators.moderation.frames;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.pipeline.Frames;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How far a blocklisted picture's hash moves under the edits a re-upload goes through, against how close unrelated
 * pictures' hashes come: the measurement behind the default algorithm (pHash) and distance (10). 40 scenes are
 * edited, 1500 others give 1.1M unrelated pairs. Prints the distributions (quoted in docs/MODERATION.md) and asserts
 * what the defaults rely on.
 */
class HashSeparationTest {

    private static final int ORIGINALS = 40;
    private static final int UNRELATED = 1500;
    private static final int DEFAULT_DISTANCE = 10;

    interface Edit {
        Frames apply(Frames image) throws Exception;
    }

    private static final Map<String, Edit> EDITS = new LinkedHashMap<>();
    private static final List<String> REENCODES = List.of("png", "jpeg q90", "jpeg q50", "resize 50 %",
            "resize 50 % + jpeg q75");
    private static final List<String> SMALL_CROPS = List.of("crop 5 % of the width", "crop 2.5 % of each side");

    static {
        EDITS.put("png", Edits::png);
        EDITS.put("jpeg q90", image -> Edits.jpeg(image, 0.9f));
        EDITS.put("jpeg q50", image -> Edits.jpeg(image, 0.5f));
        EDITS.put("resize 50 %", image -> Edits.resize(image, 0.5));
        EDITS.put("resize 50 % + jpeg q75", image -> Edits.jpeg(Edits.resize(image, 0.5), 0.75f));
        EDITS.put("crop 5 % of the width", image ->
                Edits.crop(image, 0, 0, (int) Math.round(image.width() * 0.95), image.height()));
        EDITS.put("crop 2.5 % of each side", image -> {
            int dx = (int) Math.round(image.width() * 0.025);
            int dy = (int) Math.round(image.height() * 0.025);
            return Edits.crop(image, dx, dy, image.width() - 2 * dx, image.height() - 2 * dy);
        });
        EDITS.put("crop 2 % of both axes at a corner", image -> Edits.cropCorner(image, 0.02));
        EDITS.put("crop 5 % of both axes at a corner", image -> Edits.cropCorner(image, 0.05));
    }

    /** [algorithm][edit][original]: distance of the edited copy's hash to its original's. */
    private static int[][][] edited;
    /** [algorithm]: distances between unrelated pictures, sorted. */
    private static int[][] unrelated;

    @BeforeAll
    static void measure() throws Exception {
        HashAlgorithm[] algorithms = HashAlgorithm.values();
        edited = new int[algorithms.length][EDITS.size()][ORIGINALS];
        for (int i = 0; i < ORIGINALS; i++) {
            Frames original = NaturalImages.image(i, 640, 360);
            int e = 0;
            for (Edit edit : EDITS.values()) {
                Frames copy = edit.apply(original);
                for (HashAlgorithm algorithm : algorithms) {
                    edited[algorithm.ordinal()][e][i] = PerceptualHash.distance(
                            PerceptualHash.hash(algorithm, original, 0), PerceptualHash.hash(algorithm, copy, 0));
                }
                e++;
            }
        }
        unrelated = new int[algorithms.length][];
        for (HashAlgorithm algorithm : algorithms) {
            long[] hashes = new long[UNRELATED];
            for (int i = 0; i < UNRELATED; i++) {
                hashes[i] = PerceptualHash.hash(algorithm, NaturalImages.image(10_000 + i, 96, 54), 0);
            }
            int[] d = new int[UNRELATED * (UNRELATED - 1) / 2];
            int p = 0;
            for (int i = 0; i < UNRELATED; i++) {
                for (int j = i + 1; j < UNRELATED; j++) {
                    d[p++] = PerceptualHash.distance(hashes[i], hashes[j]);
                }
            }
            Arrays.sort(d);
            unrelated[algorithm.ordinal()] = d;
        }
        print();
    }

    @Test
    void pHashKeepsReencodedAndResizedCopiesWellWithinTheDefaultDistance() {
        for (String edit : REENCODES) {
            assertThat(max(HashAlgorithm.PHASH, edit)).as(edit).isLessThanOrEqualTo(DEFAULT_DISTANCE / 2);
        }
    }

    @Test
    void pHashMatchesSmallCropsAtTheDefaultDistance() {
        for (String edit : SMALL_CROPS) {
            assertThat(recall(HashAlgorithm.PHASH, edit, DEFAULT_DISTANCE)).as(edit).isGreaterThanOrEqualTo(0.95);
        }
        assertThat(recall(HashAlgorithm.PHASH, "crop 2 % of both axes at a corner", DEFAULT_DISTANCE)).isEqualTo(1.0);
    }

    @Test
    void unrelatedPicturesAlmostNeverComeWithinTheDefaultDistance() {
        int[] d = unrelated[HashAlgorithm.PHASH.ordinal()];
        assertThat(d[d.length / 2]).isBetween(28, 36); // hashes of unrelated pictures look random
        assertThat((double) within(d, DEFAULT_DISTANCE) / d.length).isLessThan(1e-5);
    }

    /**
     * The choice: at the distance where dHash lets through no more unrelated pairs than pHash does at its default,
     * dHash recalls no more cropped copies than pHash.
     */
    @Test
    void dHashRecallsNoMoreCropsThanPHashAtTheSameRateOfChanceMatches() {
        int chance = within(unrelated[HashAlgorithm.PHASH.ordinal()], DEFAULT_DISTANCE);
        int dhashDistance = 0;
        while (within(unrelated[HashAlgorithm.DHASH.ordinal()], dhashDistance + 1) <= chance) {
            dhashDistance++;
        }
        for (String edit : EDITS.keySet()) {
            assertThat(recall(HashAlgorithm.DHASH, edit, dhashDistance)).as(edit + " at dHash distance " + dhashDistance)
                    .isLessThanOrEqualTo(recall(HashAlgorithm.PHASH, edit, DEFAULT_DISTANCE));
        }
    }

    private static int max(HashAlgorithm algorithm, String edit) {
        return Arrays.stream(distances(algorithm, edit)).max().orElseThrow();
    }

    private static double recall(HashAlgorithm algorithm, String edit, int distance) {
        return (double) Arrays.stream(distances(algorithm, edit)).filter(d -> d <= distance).count() / ORIGINALS;
    }

    private static int[] distances(HashAlgorithm algorithm, String edit) {
        return edited[algorithm.ordinal()][List.copyOf(EDITS.keySet()).indexOf(edit)];
    }

    private static int within(int[] sorted, int distance) {
        int n = 0;
        while (n < sorted.length && sorted[n] <= distance) {
            n++;
        }
        return n;
    }

    private static void print() {
        int[] distances = {6, 8, 10, 12, 14};
        StringBuilder out = new StringBuilder("| edit (40 scenes, 640x360) | phash max (mean) | dhash max (mean) |\n"
                + "|---|---|---|\n");
        for (String edit : EDITS.keySet()) {
            out.append("| ").append(edit);
            for (HashAlgorithm algorithm : HashAlgorithm.values()) {
                int[] d = distances(algorithm, edit);
                out.append(String.format(Locale.ROOT, " | %d (%.1f)", max(algorithm, edit),
                        Arrays.stream(d).average().orElseThrow()));
            }
            out.append(" |\n");
        }
        out.append("\n| algorithm | at most | unrelated pairs within (of ")
                .append(unrelated[0].length).append(") | ")
                .append(String.join(" | ", EDITS.keySet().stream().filter(e -> !REENCODES.contains(e)).toList()))
                .append(" |\n|---|---|---|---|---|---|---|\n");
        for (HashAlgorithm algorithm : HashAlgorithm.values()) {
            for (int distance : distances) {
                out.append(String.format(Locale.ROOT, "| %s | %d | %d |", algorithm.id(), distance,
                        within(unrelated[algorithm.ordinal()], distance)));
                for (String edit : EDITS.keySet()) {
                    if (!REENCODES.contains(edit)) {
                        out.append(String.format(Locale.ROOT, " %.0f %% |", 100 * recall(algorithm, edit, distance)));
                    }
                }
                out.append('\n');
            }
        }
        for (HashAlgorithm algorithm : HashAlgorithm.values()) {
            int[] d = unrelated[algorithm.ordinal()];
            out.append(String.format(Locale.ROOT, "%s unrelated: min %d, 0.1 %% quantile %d, 1 %% %d, median %d%n",
                    algorithm.id(), d[0], d[d.length / 1000], d[d.length / 100], d[d.length / 2]));
        }
        System.out.print(out);
    }
}

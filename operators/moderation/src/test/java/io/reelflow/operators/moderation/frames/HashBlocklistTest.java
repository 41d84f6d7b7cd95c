package io.reelflow.operators.moderation.frames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelflow.operators.moderation.Category;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashBlocklistTest {

    @TempDir
    Path dir;

    @Test
    void readsEntriesSkippingCommentsAndBlankLines() throws Exception {
        Path file = dir.resolve("blocklist.txt");
        Files.writeString(file, """
                # known-bad images, 2026-11
                phash 9f3a61c0b48e2d17 violence_graphic case 4411, frame 3\r

                   dhash 00FF00FF00FF00FF   sexual_minors   report  77\s
                """);

        HashBlocklist blocklist = HashBlocklist.load(file);

        assertThat(blocklist.entries()).containsExactly(
                new HashBlocklist.Entry(HashAlgorithm.PHASH, 0x9f3a61c0b48e2d17L, Category.VIOLENCE_GRAPHIC,
                        "case 4411, frame 3"),
                new HashBlocklist.Entry(HashAlgorithm.DHASH, 0x00ff00ff00ff00ffL, Category.SEXUAL_MINORS, "report  77"));
        assertThat(blocklist.algorithms()).containsExactly(HashAlgorithm.PHASH, HashAlgorithm.DHASH);
        assertThat(blocklist.categories()).containsExactly(Category.SEXUAL_MINORS, Category.VIOLENCE_GRAPHIC);
        assertThat(blocklist.entries().get(0).line()).isEqualTo("phash 9f3a61c0b48e2d17 violence_graphic case 4411, frame 3");
        assertThat(HashBlocklist.parse(blocklist.entries().get(1).line(), "again").entries())
                .containsExactly(blocklist.entries().get(1));
    }

    @Test
    void errorsNameTheFileAndLine() throws Exception {
        String good = "phash 9f3a61c0b48e2d17 violence_graphic a\n";
        String[][] cases = {
            {"ahash 9f3a61c0b48e2d17 violence_graphic a", "unknown algorithm 'ahash' (phash, dhash)"},
            {"phash 9f3a61c0b48e2d1 violence_graphic a", "'9f3a61c0b48e2d1' is not 16 hex digits"},
            {"phash 9f3a61c0b48e2d17 gore a", "unknown category 'gore' (sexual, sexual_minors,"},
            {"phash 9f3a61c0b48e2d17 violence_graphic", "expected '<algorithm> <16 hex digits> <category> <label>'"},
        };
        for (String[] c : cases) {
            Path file = dir.resolve("bad.txt");
            Files.writeString(file, "# header\n" + good + c[0] + "\n");
            assertThatThrownBy(() -> HashBlocklist.load(file)).as(c[0])
                    .hasMessageStartingWith(file + ":3: ").hasMessageContaining(c[1]);
        }
        assertThatThrownBy(() -> HashBlocklist.load(dir.resolve("missing.txt")))
                .hasMessage("hash blocklist " + dir.resolve("missing.txt") + " does not exist");
    }

    @Test
    void findsTheNearestEntryOfTheSameAlgorithmWithinTheDistance() {
        HashBlocklist blocklist = HashBlocklist.of(List.of(
                entry(HashAlgorithm.PHASH, 0x0000_0000_0000_00ffL, "eight bits"),
                entry(HashAlgorithm.PHASH, 0x0000_0000_0000_000fL, "four bits"),
                entry(HashAlgorithm.DHASH, 0L, "dhash zero")));

        assertThat(blocklist.nearest(HashAlgorithm.PHASH, 0L, 10)).hasValueSatisfying(match -> {
            assertThat(match.entry().label()).isEqualTo("four bits");
            assertThat(match.distance()).isEqualTo(4);
        });
        assertThat(blocklist.nearest(HashAlgorithm.PHASH, 0L, 3)).isEmpty();
        assertThat(blocklist.nearest(HashAlgorithm.PHASH, 0xf0L, 4)).hasValueSatisfying(match ->
                assertThat(match.entry().label()).isEqualTo("eight bits"));
        assertThat(blocklist.nearest(HashAlgorithm.DHASH, 1L, 1).orElseThrow().entry().label()).isEqualTo("dhash zero");
        assertThat(HashBlocklist.of(List.of()).nearest(HashAlgorithm.PHASH, 0L, 64)).isEmpty();
    }

    @Test
    void scansOneHundredThousandEntries() {
        SplittableRandom random = new SplittableRandom(11);
        List<HashBlocklist.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            entries.add(entry(HashAlgorithm.PHASH, random.nextLong(), "entry " + i));
        }
        HashBlocklist blocklist = HashBlocklist.of(entries);
        long near = entries.get(73_456).hash() ^ 0b1011L; // three bits off

        HashBlocklist.Match match = blocklist.nearest(HashAlgorithm.PHASH, near, 10).orElseThrow();

        assertThat(match.entry().label()).isEqualTo("entry 73456");
        assertThat(match.distance()).isEqualTo(3);
    }

    @Test
    void labelsAreOneLineOfText() {
        assertThatThrownBy(() -> entry(HashAlgorithm.PHASH, 0, "two\nlines")).hasMessageContaining("one line");
        assertThatThrownBy(() -> entry(HashAlgorithm.PHASH, 0, " ")).hasMessageContaining("one line");
    }

    private static HashBlocklist.Entry entry(HashAlgorithm algorithm, long hash, String label) {
        return new HashBlocklist.Entry(algorithm, hash, Category.VIOLENCE_GRAPHIC, label);
    }
}

package io.reelflow.operators.moderation.frames;

import io.reelflow.operators.moderation.Category;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Perceptual hashes of known-bad images, supplied by the deployment ({@code moderation.frames.hash-blocklist}). A frame
 * matches the nearest entry of the same algorithm within a Hamming distance.
 *
 * <p>File format (UTF-8), one entry per line:
 *
 * <pre>
 * # comments and blank lines are ignored
 * &lt;algorithm&gt; &lt;16 hex digits&gt; &lt;category id&gt; &lt;label...&gt;
 * phash 9f3a61c0b48e2d17 violence_graphic case 4411, frame 3
 * </pre>
 *
 * algorithm is {@code phash} or {@code dhash}; the category is one of the policy's ids ({@code sexual_minors}, ...);
 * the label is the rest of the line, as evidence names it. {@code reelflow blocklist hash} writes such lines. Errors
 * name the file and line.
 *
 * <p>Lookup scans every entry with a popcount (about 30 us per frame for 100k entries; docs/BENCHMARKS.md, "Frame checks").
 */
public final class HashBlocklist {

    /** One known-bad image. */
    public record Entry(HashAlgorithm algorithm, long hash, Category category, String label) {

        public Entry {
            Objects.requireNonNull(algorithm, "algorithm");
            Objects.requireNonNull(category, "category");
            if (label == null || label.isBlank() || label.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("a label must be one line of text, not '" + label + "'");
            }
            label = label.strip();
        }

        /** The entry as a line of a blocklist file. */
        public String line() {
            return algorithm.id() + " " + PerceptualHash.hex(hash) + " " + category.id() + " " + label;
        }
    }

    /** A frame's nearest entry and how many of 64 bits it is away. */
    public record Match(Entry entry, int distance) {}

    private final List<Entry> entries;
    private final Map<HashAlgorithm, long[]> hashes = new EnumMap<>(HashAlgorithm.class);
    private final Map<HashAlgorithm, Entry[]> byAlgorithm = new EnumMap<>(HashAlgorithm.class);

    private HashBlocklist(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        for (HashAlgorithm algorithm : HashAlgorithm.values()) {
            Entry[] of = this.entries.stream().filter(e -> e.algorithm() == algorithm).toArray(Entry[]::new);
            if (of.length > 0) {
                byAlgorithm.put(algorithm, of);
                hashes.put(algorithm, Arrays.stream(of).mapToLong(Entry::hash).toArray());
            }
        }
    }

    public static HashBlocklist of(List<Entry> entries) {
        return new HashBlocklist(entries);
    }

    /** Reads a blocklist file; a missing, unreadable or malformed file fails with its name (and line). */
    public static HashBlocklist load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("hash blocklist " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read hash blocklist " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses the text of a blocklist file; {@code source} names it in errors. */
    public static HashBlocklist parse(String text, String source) {
        List<Entry> entries = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                entries.add(entry(line));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return new HashBlocklist(entries);
    }

    private static Entry entry(String line) {
        String[] fields = line.split("\\s+", 4);
        if (fields.length < 4) {
            throw new IllegalArgumentException("expected '<algorithm> <16 hex digits> <category> <label>', got '"
                    + line + "'");
        }
        HashAlgorithm algorithm = HashAlgorithm.fromId(fields[0]).orElseThrow(() -> new IllegalArgumentException(
                "unknown algorithm '" + fields[0] + "' (" + ids(HashAlgorithm.values(), HashAlgorithm::id) + ")"));
        long hash = PerceptualHash.parseHex(fields[1]);
        Category category = Category.fromId(fields[2]).orElseThrow(() -> new IllegalArgumentException(
                "unknown category '" + fields[2] + "' (" + ids(Category.values(), Category::id) + ")"));
        return new Entry(algorithm, hash, category, fields[3]);
    }

    private static <T> String ids(T[] values, Function<T, String> id) {
        return Arrays.stream(values).map(id).collect(Collectors.joining(", "));
    }

    /** The entry nearest to {@code hash} among those of {@code algorithm}, if one is at most {@code maxDistance} away. */
    public Optional<Match> nearest(HashAlgorithm algorithm, long hash, int maxDistance) {
        long[] candidates = hashes.get(algorithm);
        if (candidates == null) {
            return Optional.empty();
        }
        int best = -1;
        int bestDistance = maxDistance + 1;
        for (int i = 0; i < candidates.length; i++) {
            int distance = Long.bitCount(candidates[i] ^ hash);
            if (distance < bestDistance) {
                best = i;
                bestDistance = distance;
            }
        }
        return best < 0 ? Optional.empty() : Optional.of(new Match(byAlgorithm.get(algorithm)[best], bestDistance));
    }

    public List<Entry> entries() {
        return entries;
    }

    public int size() {
        return entries.size();
    }

    /** The algorithms its entries use: a frame is hashed with each of these. */
    public Set<HashAlgorithm> algorithms() {
        return hashes.isEmpty() ? EnumSet.noneOf(HashAlgorithm.class) : EnumSet.copyOf(hashes.keySet());
    }

    public Set<Category> categories() {
        Set<Category> categories = EnumSet.noneOf(Category.class);
        entries.forEach(e -> categories.add(e.category()));
        return categories;
    }
}

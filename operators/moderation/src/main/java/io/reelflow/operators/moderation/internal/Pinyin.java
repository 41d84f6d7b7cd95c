package io.reelflow.operators.moderation.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pinyin spellings of Chinese terms, so that {@code seqing}, {@code se qing}, {@code sèqíng} and {@code se4 qing2} all
 * match 色情 without a policy author writing them. Readings come from a small Han-to-pinyin table shipped beside the
 * policy ({@value #TABLE}). Spellings are toneless: prompts lose tone marks when folded and tone digits per token
 * ({@link Token}). Only terms of two or more Han characters are spelled: one toneless syllable matches far too much.
 */
public final class Pinyin {

    public static final String TABLE = "moderation/han-pinyin.txt";
    /** Heteronyms multiply; beyond this many syllable sequences a term is spelled with each character's first one. */
    private static final int MAX_READINGS = 8;
    /** Every grouping of n syllables into words is 2^(n-1) spellings; longer terms get spaced and joined only. */
    private static final int MAX_GROUPED_SYLLABLES = 6;

    private static final Pinyin BUILT_IN = parse(readTable());

    /** Toneless readings per character, with ü spelled both v and u. */
    private final Map<Integer, List<String>> readings;

    private Pinyin(Map<Integer, List<String>> readings) {
        this.readings = readings;
    }

    /** The table shipped with the moderation module. */
    public static Pinyin builtIn() {
        return BUILT_IN;
    }

    /** Parses a table: one character per line, then its readings in tone-digit notation; {@code #} starts a comment. */
    static Pinyin parse(String table) {
        Map<Integer, List<String>> readings = new HashMap<>();
        for (String line : table.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] fields = trimmed.split("\\s+");
            if (fields.length < 2 || fields[0].codePointCount(0, fields[0].length()) != 1) {
                throw new IllegalArgumentException(TABLE + ": expected a character and its readings: " + line);
            }
            Set<String> toneless = new LinkedHashSet<>();
            for (int i = 1; i < fields.length; i++) {
                if (!fields[i].matches("[a-z]+[1-5]")) {
                    throw new IllegalArgumentException(TABLE + ": '" + fields[i] + "' is not a syllable with a tone "
                            + "digit: " + line);
                }
                String syllable = fields[i].substring(0, fields[i].length() - 1);
                toneless.add(syllable);
                toneless.add(syllable.replace('v', 'u'));
            }
            readings.put(fields[0].codePointAt(0), List.copyOf(toneless));
        }
        return new Pinyin(readings);
    }

    public boolean covers(int codePoint) {
        return readings.containsKey(codePoint);
    }

    /**
     * The term's pinyin spellings, one per reading and grouping of its syllables into words ({@code zhizuo zhadan},
     * {@code zhi zuo zha dan}, {@code zhizuozhadan}); none unless the term is two or more Han characters, all in the
     * table.
     */
    public List<Phrase> spellings(Phrase term) {
        List<String> words = term.words();
        if (words.size() < 2 || term.prefix()) {
            return List.of();
        }
        List<List<String>> perCharacter = new ArrayList<>(words.size());
        long sequences = 1;
        for (String word : words) {
            List<String> syllables = word.codePointCount(0, word.length()) == 1
                    ? readings.get(word.codePointAt(0)) : null;
            if (syllables == null) {
                return List.of();
            }
            perCharacter.add(syllables);
            sequences *= syllables.size();
        }
        if (sequences > MAX_READINGS) {
            perCharacter.replaceAll(Pinyin::firstReading);
        }
        List<Phrase> spellings = new ArrayList<>();
        for (List<String> syllables : sequences(perCharacter)) {
            for (List<String> grouped : groupings(syllables)) {
                spellings.add(new Phrase(grouped, false));
            }
        }
        return spellings;
    }

    /** The first reading, with its u spelling if it has a ü. */
    private static List<String> firstReading(List<String> syllables) {
        String first = syllables.get(0);
        return first.indexOf('v') >= 0 ? List.of(first, first.replace('v', 'u')) : List.of(first);
    }

    private static List<List<String>> sequences(List<List<String>> perCharacter) {
        List<List<String>> out = List.of(List.of());
        for (List<String> choices : perCharacter) {
            List<List<String>> next = new ArrayList<>();
            for (List<String> prefix : out) {
                for (String syllable : choices) {
                    List<String> extended = new ArrayList<>(prefix);
                    extended.add(syllable);
                    next.add(extended);
                }
            }
            out = next;
        }
        return out;
    }

    /** Every way to run neighbouring syllables together into words, or (long terms) all apart and all together. */
    private static List<List<String>> groupings(List<String> syllables) {
        int n = syllables.size();
        if (n > MAX_GROUPED_SYLLABLES) {
            return List.of(syllables, List.of(String.join("", syllables)));
        }
        List<List<String>> out = new ArrayList<>(1 << (n - 1));
        for (int breaks = 0; breaks < 1 << (n - 1); breaks++) {
            List<String> words = new ArrayList<>();
            StringBuilder word = new StringBuilder(syllables.get(0));
            for (int i = 1; i < n; i++) {
                if ((breaks & 1 << (i - 1)) != 0) {
                    words.add(word.toString());
                    word.setLength(0);
                }
                word.append(syllables.get(i));
            }
            words.add(word.toString());
            out.add(words);
        }
        return out;
    }

    private static String readTable() {
        try (InputStream in = Pinyin.class.getClassLoader().getResourceAsStream(TABLE)) {
            if (in == null) {
                throw new IllegalStateException(TABLE + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + TABLE, e);
        }
    }
}

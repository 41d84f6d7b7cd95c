package io.reelflow.operators.moderation.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One word of a prompt and the spellings it may stand for.
 *
 * @param forms the word with leetspeak decoded (every reading of an ambiguous {@code 1}), then the word as written, so
 *     terms with digits ({@code ak47}) still match
 * @param squeezed the forms with every run of a letter collapsed to one, only for words stretched on purpose (a letter
 *     three or more times in a row, which English does not do): {@code kiiiill} matches {@code kill} but {@code as}
 *     never matches {@code ass}
 */
public record Token(List<String> forms, List<String> squeezed) {

    private static final String LEET = "03457@$";
    private static final String LEET_AS = "oeastas";
    /** Beyond this many 1s every 1 is read the same way, so a long number cannot explode the variants. */
    private static final int MAX_AMBIGUOUS_ONES = 4;

    public static Token of(String word) {
        Set<String> forms = new LinkedHashSet<>();
        if (hasLetter(word) && hasLeet(word)) {
            forms.addAll(leetReadings(word));
        }
        forms.add(word);
        List<String> squeezed = new ArrayList<>();
        for (String form : forms) {
            if (isStretched(form)) {
                squeezed.add(squeeze(form));
            }
        }
        return new Token(List.copyOf(forms), List.copyOf(squeezed));
    }

    /** {@code word} with every run of one character collapsed to a single one. */
    public static String squeeze(String word) {
        StringBuilder out = new StringBuilder(word.length());
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (out.length() == 0 || out.charAt(out.length() - 1) != c) {
                out.append(c);
            }
        }
        return out.toString();
    }

    static boolean isStretched(String word) {
        for (int i = 2; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c == word.charAt(i - 1) && c == word.charAt(i - 2)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasLetter(String word) {
        return word.chars().anyMatch(Character::isLetter);
    }

    private static boolean hasLeet(String word) {
        return word.chars().anyMatch(c -> c == '1' || LEET.indexOf(c) >= 0);
    }

    /** Readings of a leetspeak word: {@code 1} is i or l, the other digits and symbols have one reading each. */
    private static List<String> leetReadings(String word) {
        StringBuilder base = new StringBuilder(word.length());
        List<Integer> ones = new ArrayList<>();
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            int leet = LEET.indexOf(c);
            if (c == '1') {
                ones.add(i);
                base.append('i');
            } else {
                base.append(leet >= 0 ? LEET_AS.charAt(leet) : c);
            }
        }
        boolean manyOnes = ones.size() > MAX_AMBIGUOUS_ONES;
        int readingCount = manyOnes ? 2 : 1 << ones.size();
        List<String> readings = new ArrayList<>(readingCount);
        for (int mask = 0; mask < readingCount; mask++) {
            StringBuilder reading = new StringBuilder(base);
            for (int bit = 0; bit < ones.size(); bit++) {
                if (manyOnes ? mask == 1 : (mask & 1 << bit) != 0) {
                    reading.setCharAt(ones.get(bit), 'l');
                }
            }
            readings.add(reading.toString());
        }
        return readings;
    }
}

package io.reelflow.operators.moderation.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One word of a prompt and the spellings it may stand for.
 *
 * @param forms the word with leetspeak decoded (every reading of an ambiguous {@code 1}), pinyin tone digits dropped
 *     ({@code qing2}), masked letters filled in ({@code p*rn}), then the word as written, so terms with digits
 *     ({@code ak47}) still match
 * @param squeezed the forms with every run of a letter collapsed to one, only for words stretched on purpose (a letter
 *     three or more times in a row, which English does not do): {@code kiiiill} matches {@code kill} but {@code as}
 *     never matches {@code ass}
 */
public record Token(List<String> forms, List<String> squeezed) {

    private static final String LEET = "03457@$";
    private static final String LEET_AS = "oeastas";
    /** Beyond this many 1s every 1 is read the same way, so a long number cannot explode the variants. */
    private static final int MAX_AMBIGUOUS_ONES = 4;
    /** A {@code *} stands for one letter; more than two in a word are not read (26 x 26 readings at most). */
    private static final int MAX_MASKED = 2;
    /** Pinyin syllables end in a vowel, n, g or r; a tone digit 1-5 follows one ({@code se4}, {@code qing2}). */
    private static final String SYLLABLE_ENDS = "aeiouvngr";

    public static Token of(String word) {
        Set<String> forms = new LinkedHashSet<>();
        if (hasLetter(word) && hasLeet(word)) {
            forms.addAll(leetReadings(word));
        }
        String toneless = withoutToneDigits(word);
        if (toneless != null) {
            forms.add(toneless);
        }
        forms.add(word);
        return withSqueezed(unmasked(forms));
    }

    /**
     * A run of letters spelled out one by one ({@code a n a k e d}): the run joined, and also without a leading or
     * trailing "a" or "i", which are words of their own more often than letters of the hidden one.
     */
    public static Token spelledOut(List<String> letters) {
        Set<String> forms = new LinkedHashSet<>(of(String.join("", letters)).forms());
        int from = isOneLetterWord(letters.get(0)) ? 1 : 0;
        int to = letters.size() - (isOneLetterWord(letters.get(letters.size() - 1)) ? 1 : 0);
        if ((from > 0 || to < letters.size()) && to - from >= 2) {
            forms.addAll(of(String.join("", letters.subList(from, to))).forms());
        }
        return withSqueezed(forms);
    }

    private static Token withSqueezed(Set<String> forms) {
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

    private static boolean isOneLetterWord(String letter) {
        return letter.equals("a") || letter.equals("i");
    }

    /** The word without pinyin tone digits, or null if it has none ({@code mp4} and {@code b2b} have none). */
    static String withoutToneDigits(String word) {
        StringBuilder out = null;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c >= '1' && c <= '5' && i > 0 && SYLLABLE_ENDS.indexOf(word.charAt(i - 1)) >= 0) {
                if (out == null) {
                    out = new StringBuilder(word.length()).append(word, 0, i);
                }
            } else if (c < 'a' || c > 'z') {
                return null;
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null || out.length() < 2 ? null : out.toString();
    }

    /** The forms with each {@code *} read as every letter, before the masked form itself. */
    private static Set<String> unmasked(Set<String> forms) {
        boolean masked = false;
        for (String form : forms) {
            masked |= form.indexOf('*') >= 0;
        }
        if (!masked) {
            return forms;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String form : forms) {
            if (form.chars().filter(c -> c == '*').count() <= MAX_MASKED) {
                fillMasks(new StringBuilder(form), 0, out);
            }
            out.add(form);
        }
        return out;
    }

    private static void fillMasks(StringBuilder form, int from, Set<String> out) {
        int star = form.indexOf("*", from);
        if (star < 0) {
            out.add(form.toString());
            return;
        }
        for (char letter = 'a'; letter <= 'z'; letter++) {
            form.setCharAt(star, letter);
            fillMasks(form, star + 1, out);
        }
        form.setCharAt(star, '*');
    }

    private static boolean hasLetter(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (Character.isLetter(word.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasLeet(String word) {
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c == '1' || LEET.indexOf(c) >= 0) {
                return true;
            }
        }
        return false;
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

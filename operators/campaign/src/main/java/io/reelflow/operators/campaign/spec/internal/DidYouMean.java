package io.reelflow.operators.campaign.spec.internal;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;

/** The closest known name to a misspelt one, by edit distance, if it is close enough to be what was meant. */
public final class DidYouMean {

    private DidYouMean() {}

    /** {@code "; did you mean 'x'?"}, or empty if no candidate is within a third of the name's length (at least 2). */
    public static String suggest(String name, Collection<String> candidates) {
        String lower = name.toLowerCase(Locale.ROOT);
        return candidates.stream()
                .min(Comparator.comparingInt(c -> distance(lower, c.toLowerCase(Locale.ROOT))))
                .filter(c -> distance(lower, c.toLowerCase(Locale.ROOT)) <= Math.max(2, name.length() / 3))
                .map(c -> "; did you mean '" + c + "'?")
                .orElse("");
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}

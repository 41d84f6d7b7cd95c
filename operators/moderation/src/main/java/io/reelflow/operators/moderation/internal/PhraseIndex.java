package io.reelflow.operators.moderation.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds phrases in token sequences. Phrases are indexed by their first word (exact, squeezed, or as a prefix), so a
 * prompt costs a few hash lookups per token however long the policy is.
 *
 * @param <T> what a phrase stands for, e.g. the category and weight of a term
 */
public final class PhraseIndex<T> {

    /**
     * A phrase found at tokens [start, end).
     *
     * @param text the phrase as evidence: the policy's words, with a prefix completed by the word that matched it
     */
    public record Match<T>(int start, int end, T value, String text) {}

    private final Map<String, List<Entry<T>>> byFirstWord = new HashMap<>();
    private final Map<String, List<Entry<T>>> bySqueezedFirstWord = new HashMap<>();
    private final Map<String, List<Entry<T>>> byPrefix = new HashMap<>();
    private final Map<String, List<Entry<T>>> bySqueezedPrefix = new HashMap<>();
    /** The lengths of the keys of byPrefix and bySqueezedPrefix: only these are worth looking up. */
    private final TreeSet<Integer> prefixLengths = new TreeSet<>();
    private final TreeSet<Integer> squeezedPrefixLengths = new TreeSet<>();

    /** Adds {@code phrase}, and its run-together form if it has one. */
    public void add(Phrase phrase, T value) {
        String evidence = Phrase.join(phrase.words());
        addEntry(new Entry<>(phrase, evidence, value));
        phrase.compact().ifPresent(compact -> addEntry(new Entry<>(compact, evidence, value)));
    }

    /** Adds {@code spelling} alone, found as {@code evidence}: another spelling of a phrase (its pinyin). */
    public void add(Phrase spelling, String evidence, T value) {
        addEntry(new Entry<>(spelling, evidence, value));
    }

    /** Every occurrence of every phrase in {@code tokens}, in token order. */
    public List<Match<T>> find(List<Token> tokens) {
        List<Match<T>> matches = new ArrayList<>();
        Set<Entry<T>> candidates = new LinkedHashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            candidates.clear();
            for (String form : token.forms()) {
                addAll(candidates, byFirstWord.get(form));
                addPrefixed(candidates, byPrefix, prefixLengths, form);
            }
            for (String form : token.squeezed()) {
                addAll(candidates, bySqueezedFirstWord.get(form));
                addPrefixed(candidates, bySqueezedPrefix, squeezedPrefixLengths, form);
            }
            for (Entry<T> entry : candidates) {
                String text = entry.matchAt(tokens, i);
                if (text != null) {
                    matches.add(new Match<>(i, i + entry.words.size(), entry.value, text));
                }
            }
        }
        return matches;
    }

    private void addEntry(Entry<T> entry) {
        boolean prefixOnly = entry.prefix && entry.words.size() == 1;
        String first = entry.words.get(0);
        String squeezedFirst = entry.squeezed.get(0);
        if (prefixOnly) {
            byPrefix.computeIfAbsent(first, k -> new ArrayList<>()).add(entry);
            bySqueezedPrefix.computeIfAbsent(squeezedFirst, k -> new ArrayList<>()).add(entry);
            prefixLengths.add(first.length());
            squeezedPrefixLengths.add(squeezedFirst.length());
        } else {
            byFirstWord.computeIfAbsent(first, k -> new ArrayList<>()).add(entry);
            bySqueezedFirstWord.computeIfAbsent(squeezedFirst, k -> new ArrayList<>()).add(entry);
        }
    }

    private static <T> void addPrefixed(Set<Entry<T>> candidates, Map<String, List<Entry<T>>> index,
            TreeSet<Integer> lengths, String form) {
        for (int length : lengths) {
            if (length > form.length()) {
                return;
            }
            addAll(candidates, index.get(form.substring(0, length)));
        }
    }

    private static <T> void addAll(Set<Entry<T>> candidates, List<Entry<T>> entries) {
        if (entries != null) {
            candidates.addAll(entries);
        }
    }

    /** One indexed phrase; identity equality, so the same phrase is tried once per position. */
    private static final class Entry<T> {
        final List<String> words;
        final List<String> squeezed;
        final boolean prefix;
        final String evidence;
        final T value;

        Entry(Phrase phrase, String evidence, T value) {
            this.words = phrase.words();
            this.squeezed = words.stream().map(Token::squeeze).toList();
            this.prefix = phrase.prefix();
            this.evidence = evidence;
            this.value = value;
        }

        /** The evidence text if the phrase occurs at token {@code start}, else null. */
        String matchAt(List<Token> tokens, int start) {
            if (start + words.size() > tokens.size()) {
                return null;
            }
            int last = words.size() - 1;
            for (int k = 0; k < last; k++) {
                if (!matchesWord(tokens.get(start + k), k)) {
                    return null;
                }
            }
            if (!prefix) {
                return matchesWord(tokens.get(start + last), last) ? evidence : null;
            }
            String completed = completePrefix(tokens.get(start + last));
            if (completed == null) {
                return null;
            }
            List<String> matched = new ArrayList<>(words.subList(0, last));
            matched.add(completed);
            return Phrase.join(matched);
        }

        private boolean matchesWord(Token token, int k) {
            return token.forms().contains(words.get(k)) || token.squeezed().contains(squeezed.get(k));
        }

        /** The token's form that starts with the prefix word, leetspeak decoded if it was leetspeak. */
        private String completePrefix(Token token) {
            String word = words.get(words.size() - 1);
            for (String form : token.forms()) {
                if (form.startsWith(word)) {
                    return form;
                }
            }
            String squeezedWord = squeezed.get(squeezed.size() - 1);
            for (String form : token.squeezed()) {
                if (form.startsWith(squeezedWord)) {
                    return form;
                }
            }
            return null;
        }
    }
}

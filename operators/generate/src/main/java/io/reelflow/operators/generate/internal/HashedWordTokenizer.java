package io.reelflow.operators.generate.internal;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The reference model's tokenizer, needing no vocabulary file: text is NFKC-normalised and lower-cased, split into
 * words (runs of letters, digits and marks) with every Han, Hiragana or Katakana character a word of its own (so
 * Chinese and Japanese work without segmentation), and each word hashed with 32-bit FNV-1a into
 * {@code vocabularySize - 2} buckets. Id 0 is padding and id 1 starts every sequence, so the empty prompt (the
 * unconditional text) is one token. Sequences are cut at {@code maxTokens}.
 */
public final class HashedWordTokenizer {

    public static final int PAD = 0;
    public static final int START = 1;
    static final int RESERVED = 2;

    private final int vocabularySize;
    private final int maxTokens;

    public HashedWordTokenizer(int vocabularySize, int maxTokens) {
        if (vocabularySize <= RESERVED || maxTokens < 1) {
            throw new IllegalArgumentException("vocabulary " + vocabularySize + ", max tokens " + maxTokens);
        }
        this.vocabularySize = vocabularySize;
        this.maxTokens = maxTokens;
    }

    /** Token ids, starting with {@link #START}, at most {@code maxTokens}. */
    public int[] encode(String text) {
        List<String> words = words(text);
        int count = Math.min(maxTokens, words.size() + 1);
        int[] ids = new int[count];
        ids[0] = START;
        for (int i = 1; i < count; i++) {
            ids[i] = id(words.get(i - 1));
        }
        return ids;
    }

    public int id(String word) {
        int hash = 0x811C9DC5;
        for (byte b : word.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xFF)) * 0x01000193;
        }
        return RESERVED + Integer.remainderUnsigned(hash, vocabularySize - RESERVED);
    }

    public static List<String> words(String text) {
        String normalized = Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < normalized.length(); ) {
            int cp = normalized.codePointAt(i);
            i += Character.charCount(cp);
            if (isIdeograph(cp)) {
                flush(word, words);
                words.add(new String(Character.toChars(cp)));
            } else if (Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.NON_SPACING_MARK
                    || Character.getType(cp) == Character.COMBINING_SPACING_MARK) {
                word.appendCodePoint(cp);
            } else {
                flush(word, words);
            }
        }
        flush(word, words);
        return words;
    }

    private static boolean isIdeograph(int cp) {
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        return script == Character.UnicodeScript.HAN
                || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA;
    }

    private static void flush(StringBuilder word, List<String> words) {
        if (word.length() > 0) {
            words.add(word.toString());
            word.setLength(0);
        }
    }
}

package io.reelflow.operators.moderation.internal;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns text into the token sequences that policy terms are matched against, undoing the usual evasions.
 *
 * <p>{@link #fold} is applied to prompts and terms alike: NFKC (full-width forms, ligatures), lower case, no format
 * characters (zero-width spaces and joiners, soft hyphens) or combining marks, Cyrillic and Greek look-alikes as Latin.
 *
 * <p>{@link #views} then gives up to three token sequences of a prompt, because no single split undoes every evasion
 * without breaking ordinary text: words split at punctuation and spaces; the same with runs of single characters joined
 * ({@code s e x}, {@code k-i-l-l}); and whitespace-separated chunks with inner punctuation removed
 * ({@code be.head.ing}). Han, Hiragana and Katakana characters are always tokens of their own, so Chinese terms match
 * inside unspaced text. Leetspeak and stretched letters are handled per token by {@link Token}.
 */
public final class TextNormalizer {

    private static final Pattern MARKS_AND_FORMAT = Pattern.compile("[\\p{Mn}\\p{Me}\\p{Cf}]+");
    /** Look-alike letters (lower case) and the Latin letter they imitate. */
    private static final String HOMOGLYPHS = "аеорсухіјѕԁӏɡαεικνορτυχ";
    private static final String LATIN = "aeopcyxijsdlgaeikvoptux";
    /** Shorter runs of single characters are ordinary text ("a b testing"); three or more are spelled-out words. */
    private static final int MIN_JOINED_RUN = 3;

    private TextNormalizer() {}

    /** The text with case, compatibility forms, invisible characters, marks and look-alikes folded away. */
    public static String fold(String text) {
        String lower = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        String decomposed = Normalizer.normalize(lower, Normalizer.Form.NFD);
        String bare = Normalizer.normalize(MARKS_AND_FORMAT.matcher(decomposed).replaceAll(""), Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(bare.length());
        for (int i = 0; i < bare.length(); i++) {
            char c = bare.charAt(i);
            int homoglyph = HOMOGLYPHS.indexOf(c);
            out.append(homoglyph >= 0 ? LATIN.charAt(homoglyph) : c);
        }
        return out.toString();
    }

    /** The token sequences of {@code text} to match terms against (see the class comment); never empty. */
    public static List<List<Token>> views(String text) {
        String folded = fold(text);
        List<String> words = words(folded);
        List<List<String>> views = new ArrayList<>(3);
        views.add(words);
        List<String> joined = joinSingleCharacterRuns(words);
        if (!joined.equals(words)) {
            views.add(joined);
        }
        List<String> compact = compactChunks(folded);
        if (!compact.equals(words) && !compact.equals(joined)) {
            views.add(compact);
        }
        List<List<Token>> tokens = new ArrayList<>(views.size());
        for (List<String> view : views) {
            tokens.add(view.stream().map(Token::of).toList());
        }
        return tokens;
    }

    /** Words of already folded text: split at anything but letters, digits, {@code @} and {@code $}. */
    public static List<String> words(String folded) {
        return split(folded, false);
    }

    /** Whitespace-separated chunks with everything but letters, digits, {@code @} and {@code $} removed. */
    static List<String> compactChunks(String folded) {
        return split(folded, true);
    }

    /** Runs of {@value #MIN_JOINED_RUN} or more single-character (non-Han) words become one word. */
    static List<String> joinSingleCharacterRuns(List<String> words) {
        List<String> out = new ArrayList<>(words.size());
        int i = 0;
        while (i < words.size()) {
            int end = i;
            while (end < words.size() && isSingleNonHan(words.get(end))) {
                end++;
            }
            if (end - i >= MIN_JOINED_RUN) {
                out.add(String.join("", words.subList(i, end)));
                i = end;
            } else {
                out.add(words.get(i));
                i++;
            }
        }
        return out;
    }

    static boolean isHan(int codePoint) {
        Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
        return script == Character.UnicodeScript.HAN
                || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA;
    }

    private static boolean isWordChar(int codePoint) {
        return Character.isLetterOrDigit(codePoint) || codePoint == '@' || codePoint == '$';
    }

    private static boolean isSingleNonHan(String word) {
        return word.codePointCount(0, word.length()) == 1 && !isHan(word.codePointAt(0));
    }

    /** Splits at non-word characters, or (compact) only at whitespace while dropping other non-word characters. */
    private static List<String> split(String folded, boolean compact) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < folded.length(); ) {
            int cp = folded.codePointAt(i);
            i += Character.charCount(cp);
            if (isWordChar(cp) && isHan(cp)) {
                flush(word, out);
                out.add(new String(Character.toChars(cp)));
            } else if (isWordChar(cp)) {
                word.appendCodePoint(cp);
            } else if (!compact || Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                flush(word, out);
            }
        }
        flush(word, out);
        return out;
    }

    private static void flush(StringBuilder word, List<String> out) {
        if (word.length() > 0) {
            out.add(word.toString());
            word.setLength(0);
        }
    }
}

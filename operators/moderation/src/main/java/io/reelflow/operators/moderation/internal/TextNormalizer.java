package io.reelflow.operators.moderation.internal;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * Turns text into the token sequences that policy terms are matched against, undoing the usual evasions.
 *
 * <p>{@link #fold} is applied to prompts and terms alike: NFKC (full-width forms, ligatures), lower case, no format
 * characters (zero-width spaces and joiners, soft hyphens) or combining marks (so pinyin tone marks go too),
 * look-alikes from other scripts as Latin.
 *
 * <p>{@link #views} then gives up to three token sequences of a prompt, because no single split undoes every evasion
 * without breaking ordinary text: words split at punctuation and spaces; the same with runs of single characters
 * joined ({@code s e x}, {@code k-i-l-l}, up to a double space); and whitespace-separated chunks with inner punctuation
 * removed ({@code be.head.ing}) and masked letters kept ({@code p*rn}). Han, Hiragana and Katakana characters are always tokens
 * of their own, so Chinese terms match inside unspaced text. Leetspeak, pinyin tone digits, masks and stretched letters
 * are handled per token by {@link Token}.
 */
public final class TextNormalizer {

    /**
     * Look-alike letters (lower case, as folding lower-cases first) and the Latin letter they imitate: Cyrillic, Greek,
     * Armenian, IPA and small capitals. A lower-cased capital counts by the capital it came from (Cyrillic Н is h).
     */
    private static final String HOMOGLYPHS =
            "аеорсухіјѕԁӏɡвкмнтьгпһԛԝүҡ" // Cyrillic
            + "αεικνορτυχβημγωϲϳ" // Greek
            + "ոսօհցզ" // Armenian
            + "ɑɩıȷᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢ"; // IPA and small capitals
    private static final String LATIN =
            "aeopcyxijsdlgbkmhtbrnhqwyk"
            + "aeikvoptuxbnuywcj"
            + "nuohgq"
            + "aiijabcdefghijklmnoprstuvwyz";
    /** No code point below this one is Han, Hiragana or Katakana (CJK Radicals Supplement starts here). */
    static final int FIRST_HAN_OR_KANA = 0x2E80;
    /** Shorter runs of single characters are ordinary text ("a b testing"); three or more are spelled-out words. */
    private static final int MIN_JOINED_RUN = 3;

    private TextNormalizer() {}

    /** The text with case, compatibility forms, invisible characters, marks and look-alikes folded away. */
    public static String fold(String text) {
        if (isAscii(text)) {
            return text.toLowerCase(Locale.ROOT); // what the passes below leave of ASCII, at a fraction of the cost
        }
        String lower = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        String decomposed = Normalizer.normalize(lower, Normalizer.Form.NFD);
        StringBuilder bare = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); ) {
            int cp = decomposed.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (type != Character.NON_SPACING_MARK && type != Character.ENCLOSING_MARK && type != Character.FORMAT) {
                bare.appendCodePoint(cp);
            }
        }
        String composed = Normalizer.normalize(bare, Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(composed.length());
        for (int i = 0; i < composed.length(); i++) {
            char c = composed.charAt(i);
            int homoglyph = c < 0x131 ? -1 : HOMOGLYPHS.indexOf(c);
            out.append(homoglyph >= 0 ? LATIN.charAt(homoglyph) : c);
        }
        return out.toString();
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** The token sequences of {@code text} to match terms against (see the class comment); never empty. */
    public static List<List<Token>> views(String text) {
        String folded = fold(text);
        List<String> words = new ArrayList<>();
        BitSet afterWideGap = new BitSet();
        split(folded, false, words, afterWideGap);
        List<List<Token>> views = new ArrayList<>(3);
        views.add(tokens(words));
        List<List<String>> runs = joinSingleCharacterRuns(words, afterWideGap);
        List<String> joined = runs.stream().map(run -> String.join("", run)).toList();
        if (!joined.equals(words)) {
            views.add(runs.stream().map(run -> run.size() >= MIN_JOINED_RUN ? Token.spelledOut(run)
                    : Token.of(run.get(0))).toList());
        }
        List<String> compact = compactChunks(folded);
        if (!compact.equals(words) && !compact.equals(joined)) {
            views.add(tokens(compact));
        }
        return views;
    }

    /** Words of already folded text: split at anything but letters, digits, {@code @} and {@code $}. */
    public static List<String> words(String folded) {
        List<String> words = new ArrayList<>();
        split(folded, false, words, new BitSet());
        return words;
    }

    /**
     * Whitespace-separated chunks with everything but letters, digits, {@code @} and {@code $} removed, except a
     * {@code *} between letters, which masks one ({@code p*rn}).
     */
    static List<String> compactChunks(String folded) {
        List<String> chunks = new ArrayList<>();
        split(folded, true, chunks, new BitSet());
        return chunks;
    }

    /**
     * The words grouped into runs of {@value #MIN_JOINED_RUN} or more single-character (non-Han) words, spelled-out
     * words; every other word is a group of its own. A wide gap (two spaces or more) ends a run:
     * {@code l o l i  n u d e} is two words.
     */
    static List<List<String>> joinSingleCharacterRuns(List<String> words, BitSet afterWideGap) {
        List<List<String>> out = new ArrayList<>(words.size());
        int i = 0;
        while (i < words.size()) {
            int end = i;
            while (end < words.size() && isSingleNonHan(words.get(end)) && (end == i || !afterWideGap.get(end))) {
                end++;
            }
            if (end - i >= MIN_JOINED_RUN) {
                out.add(words.subList(i, end));
                i = end;
            } else {
                out.add(List.of(words.get(i)));
                i++;
            }
        }
        return out;
    }

    private static List<Token> tokens(List<String> words) {
        List<Token> tokens = new ArrayList<>(words.size());
        for (String word : words) {
            tokens.add(Token.of(word));
        }
        return tokens;
    }

    static boolean isHan(int codePoint) {
        if (codePoint < FIRST_HAN_OR_KANA) {
            return false;
        }
        Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
        return script == Character.UnicodeScript.HAN
                || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA;
    }

    private static boolean isWordChar(int codePoint) {
        if (codePoint < 0x80) {
            return codePoint >= 'a' && codePoint <= 'z' || codePoint >= '0' && codePoint <= '9'
                    || codePoint >= 'A' && codePoint <= 'Z' || codePoint == '@' || codePoint == '$';
        }
        return Character.isLetterOrDigit(codePoint);
    }

    private static boolean isSpace(int codePoint) {
        if (codePoint < 0x80) {
            return codePoint == ' ' || codePoint >= 0x09 && codePoint <= 0x0D || codePoint >= 0x1C && codePoint <= 0x1F;
        }
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
    }

    private static boolean isSingleNonHan(String word) {
        return word.codePointCount(0, word.length()) == 1 && !isHan(word.codePointAt(0));
    }

    /**
     * Splits at non-word characters, or (compact) only at whitespace while dropping other non-word characters but
     * masks. Marks in {@code afterWideGap} the words that follow two or more whitespace characters.
     */
    private static void split(String folded, boolean compact, List<String> out, BitSet afterWideGap) {
        StringBuilder word = new StringBuilder();
        int spaces = 0;
        for (int i = 0; i < folded.length(); ) {
            int cp = folded.codePointAt(i);
            i += Character.charCount(cp);
            boolean space = isSpace(cp);
            if (isWordChar(cp)) {
                if (spaces >= 2) {
                    afterWideGap.set(out.size());
                }
                spaces = 0;
                if (isHan(cp)) {
                    flush(word, out);
                    out.add(new String(Character.toChars(cp)));
                } else {
                    word.appendCodePoint(cp);
                }
            } else if (compact && cp == '*' && word.length() > 0 && masksLetter(folded, i)) {
                word.append('*');
            } else if (!compact || space) {
                flush(word, out);
                spaces = space ? spaces + 1 : 0;
            }
        }
        flush(word, out);
    }

    /** Whether the {@code *}s up to {@code from} are followed by a word character: a masked letter, not a footnote. */
    private static boolean masksLetter(String folded, int from) {
        int i = from;
        while (i < folded.length() && folded.charAt(i) == '*') {
            i++;
        }
        return i < folded.length() && isWordChar(folded.codePointAt(i)) && !isHan(folded.codePointAt(i));
    }

    private static void flush(StringBuilder word, List<String> out) {
        if (word.length() > 0) {
            out.add(word.toString());
            word.setLength(0);
        }
    }
}

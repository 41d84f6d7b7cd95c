package io.reelflow.operators.moderation.djl.internal;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A text as the model reads it: token windows of at most {@code maxTokens} (special tokens included), overlapping by
 * an eighth, so a long prompt is read whole rather than cut off after its first window (where a phrase placed at the
 * end would go unseen) and a phrase across a window's edge is seen whole in the next.
 */
public final class TokenWindows implements AutoCloseable {

    /** One window, unpadded; {@code typeIds} for models that take token_type_ids. */
    public record Window(long[] ids, long[] attentionMask, long[] typeIds) {
        public int length() {
            return ids.length;
        }
    }

    private final HuggingFaceTokenizer tokenizer;

    private TokenWindows(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** The tokenizer of a Hugging Face {@code tokenizer.json}, read from disk (nothing is fetched). */
    public static TokenWindows load(Path tokenizerJson, int maxTokens) throws IOException {
        return new TokenWindows(HuggingFaceTokenizer.builder()
                .optTokenizerPath(tokenizerJson)
                .optAddSpecialTokens(true)
                .optMaxLength(maxTokens)
                .optTruncation(true)
                .optWithOverflowingTokens(true)
                .optStride(maxTokens / 8)
                .optPadding(false)
                .build());
    }

    /** The windows of {@code text} in order; none when it has no tokens at all. */
    public List<Window> split(String text) {
        Encoding encoding = tokenizer.encode(wellFormed(text));
        List<Window> windows = new ArrayList<>();
        add(encoding, windows);
        for (Encoding overflow : encoding.getOverflowing()) {
            add(overflow, windows);
        }
        return windows;
    }

    /** {@code windows} padded at the end to the longest (id 0, attention 0), so they stack into one batch. */
    public static List<Window> padded(List<Window> windows) {
        int longest = windows.stream().mapToInt(Window::length).max().orElse(0);
        return windows.stream().map(w -> w.length() == longest ? w : new Window(
                Arrays.copyOf(w.ids(), longest),
                Arrays.copyOf(w.attentionMask(), longest),
                Arrays.copyOf(w.typeIds(), longest))).toList();
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    private static void add(Encoding encoding, List<Window> windows) {
        if (encoding.getIds().length > 0) {
            windows.add(new Window(encoding.getIds(), encoding.getAttentionMask(), encoding.getTypeIds()));
        }
    }

    /** Lone surrogates cannot cross into the native tokenizer as UTF-8; they become U+FFFD. */
    private static String wellFormed(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                if (out != null) {
                    out.append(c).append(text.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (out == null) {
                    out = new StringBuilder(text.length()).append(text, 0, i);
                }
                out.append('\uFFFD');
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }
}

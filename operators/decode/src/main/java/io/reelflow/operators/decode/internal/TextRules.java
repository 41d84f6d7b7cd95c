package io.reelflow.operators.decode.internal;

import java.util.regex.Pattern;

/** Identifier patterns and the checks that keep hostile text out of prompts, labels and marks. */
public final class TextRules {

    public static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    public static final Pattern TENANT_ID = Pattern.compile("[a-z0-9-]{1,64}");

    private TextRules() {}

    public static boolean isRequestId(String s) {
        return s != null && REQUEST_ID.matcher(s).matches();
    }

    public static boolean isTenantId(String s) {
        return s != null && TENANT_ID.matcher(s).matches();
    }

    /**
     * Why {@code text} is unsafe to pass on, or null if it is fine: control characters other than newline, carriage
     * return and tab (they corrupt logs and terminals; CRLF line ends from Windows clients are fine), unpaired surrogates (not encodable as UTF-8, so they break every consumer)
     * and bidi overrides and isolates U+202A-202E, U+2066-2069 (they make displayed text differ from what moderation
     * and audits read).
     */
    public static String unsafeCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "an unpaired surrogate " + hex(c) + " at index " + i;
            }
            if (Character.isLowSurrogate(c)) {
                return "an unpaired surrogate " + hex(c) + " at index " + i;
            }
            if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
                return "the control character " + hex(c) + " at index " + i;
            }
            if ((c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')) {
                return "the bidi control " + hex(c) + " at index " + i;
            }
        }
        return null;
    }

    /** User input echoed in a message: at most 64 characters, unsafe ones replaced by '?'. */
    public static String quote(String text) {
        if (text == null) {
            return "null";
        }
        String cut = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        StringBuilder b = new StringBuilder(cut.length() + 2).append('\'');
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            boolean unsafe = Character.isSurrogate(c) || Character.isISOControl(c)
                    || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
            b.append(unsafe ? '?' : c);
        }
        return b.append('\'').toString();
    }

    /** Characters as people count them: code points. */
    public static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    private static String hex(char c) {
        return String.format("U+%04X", (int) c);
    }
}

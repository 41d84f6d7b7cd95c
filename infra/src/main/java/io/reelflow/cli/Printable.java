package io.reelflow.cli;

/** Client-supplied text made safe for a terminal: one line, no control or escape characters, bounded length. */
final class Printable {

    private Printable() {}

    /**
     * A JSON line with every control and format character the JSON writer left as it is (C1 controls, bidi overrides,
     * zero-width characters) as a {@code \\uXXXX} escape: the same JSON, but nothing in it can drive a terminal.
     */
    static String jsonLine(String json) {
        return oneLine(json, Integer.MAX_VALUE);
    }

    /** {@code text} with control and format characters as {@code \\uXXXX}, cut to {@code max} characters. */
    static String oneLine(String text, int max) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 8);
        int i = 0;
        for (; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            out.append(unsafe(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return i < text.length() ? out + "..." : out.toString();
    }

    private static boolean unsafe(char c) {
        int type = Character.getType(c);
        return Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }
}

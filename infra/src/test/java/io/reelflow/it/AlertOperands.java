package io.reelflow.it;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The series an alert expression compares, for checking that they exist while the alert (rightly) does not fire:
 * the operands of its top-level {@code and}/{@code or}/{@code unless} (without their {@code on}/{@code ignoring}),
 * unwrapped from {@code absent(...)}, split at their threshold comparison, without sides that are plain numbers. A small scanner, enough for alerts.yml:
 * brackets, braces and quotes are skipped, so label matchers such as {@code !=} or {@code =~} are never split.
 */
final class AlertOperands {

    private static final Pattern NUMBER = Pattern.compile("[-+]?[0-9.]+(e[-+]?[0-9]+)?");
    private static final List<String> SET_OPERATORS = List.of(" and ", " or ", " unless ");
    /** A set operator's vector matching, {@code and on (job_name) ...}: it belongs to the operator, not the operand. */
    private static final Pattern MATCHING = Pattern.compile("^(on|ignoring) ?\\([^)]*\\) ?");
    private static final List<String> COMPARISONS = List.of("==", "!=", ">=", "<=", ">", "<");

    private AlertOperands() {}

    static List<String> of(String expr) {
        List<String> sides = new ArrayList<>();
        for (String operand : split(expr.replaceAll("\\s+", " ").strip(), SET_OPERATORS)) {
            for (String side : split(unwrapAbsent(withoutMatching(operand.strip())), COMPARISONS)) {
                String s = side.strip();
                if (!s.isEmpty() && !NUMBER.matcher(s).matches()) {
                    sides.add(s);
                }
            }
        }
        return sides;
    }

    private static String withoutMatching(String operand) {
        return MATCHING.matcher(operand).replaceFirst("");
    }

    private static String unwrapAbsent(String operand) {
        if (operand.startsWith("absent(") && operand.endsWith(")")
                && closing(operand, "absent(".length() - 1) == operand.length() - 1) {
            return unwrapAbsent(operand.substring("absent(".length(), operand.length() - 1).strip());
        }
        return operand;
    }

    /** {@code text} split at every occurrence of any of {@code separators} outside brackets, braces and quotes. */
    private static List<String> split(String text, List<String> separators) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'') {
                i = text.indexOf(c, i + 1);
                if (i < 0) {
                    throw new IllegalArgumentException("unclosed quote in " + text);
                }
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (depth == 0) {
                for (String separator : separators) {
                    if (text.startsWith(separator, i)) {
                        parts.add(text.substring(start, i));
                        start = i + separator.length();
                        i = start - 1;
                        break;
                    }
                }
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static int closing(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'') {
                i = text.indexOf(c, i + 1);
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}

package io.reelflow.operators.campaign.report;

/** One CSV text field: RFC 4180 quoted, and neutralised so a spreadsheet shows it rather than evaluating it. */
public final class CsvField {

    private CsvField() {}

    /**
     * The field for {@code value} (null: empty). A value starting with {@code = + - @}, a tab or a carriage return is
     * a formula to a spreadsheet (OWASP "CSV injection"), so it gets a leading {@code '}; numbers are written by the
     * caller and never pass through here. Quoted when it holds a comma, quote, CR or LF.
     */
    public static String text(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String safe = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe.chars().anyMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n')) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }
}

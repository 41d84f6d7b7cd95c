package io.reelflow.operators.campaign.spec;

/**
 * One problem with a campaign spec, at the line and column (from 1) of the node it is about, in {@code file} (the
 * spec, or a CSV table it names).
 */
public record SpecProblem(Severity severity, String file, int line, int column, String message) {

    public enum Severity { ERROR, WARNING }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code FILE:LINE:COL: message}, as compilers print it; warnings say so. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + (isError() ? "" : "warning: ") + message;
    }
}

package io.reelflow.operators.watermark.internal;

/** Parameters shared by the embedder and the detector; changing any of them changes the watermark format. */
public final class MarkScheme {

    /** Cells per side of the analysis grid. */
    public static final int GRID = 64;

    private MarkScheme() {}

    public static MarkLayout layout(byte[] patternKey) {
        return new MarkLayout(patternKey, GRID, PayloadCodec.CODED_BITS);
    }
}

package io.reelflow.operators.watermark;

import io.reelflow.operators.watermark.internal.AlignmentSearch;
import io.reelflow.operators.watermark.internal.AlignmentSearch.Aligned;
import io.reelflow.operators.watermark.internal.AlignmentSearch.Alignment;
import io.reelflow.operators.watermark.internal.CellGrid;
import io.reelflow.operators.watermark.internal.FalsePositive;
import io.reelflow.operators.watermark.internal.FineEvidence;
import io.reelflow.operators.watermark.internal.MarkLayout;
import io.reelflow.operators.watermark.internal.MarkScheme;
import io.reelflow.operators.watermark.internal.PayloadCodec;

/**
 * Benchmark instrument, not part of the engine: what the detector read, bit by bit, against the id that was
 * embedded. {@link Detection} reports an id only when its CRC holds, so a failed read says nothing about how close
 * it came; this reads the same evidence the same way (whole frame first, then the detector's cropped alignments,
 * preferring a payload whose CRC holds, then fewer corrected errors) and counts the payload bits and the raw code
 * bits (hard decisions before the Viterbi decoder) that differ from the embedded ones. It lives in the engine's
 * package, in the bench module, because the layout is keyed by package-private key material.
 */
public final class PayloadReadout {

    /**
     * Errors of one read against the embedded id: payload bits of 64, code bits of 172, whether the CRC held; and the
     * share of the fine cells, over all frames, whose pixels were all clipped to white or black (no mark is left
     * there).
     */
    public record Reading(int payloadBitErrors, int codeBitErrors, boolean crcHolds, double clippedShare) {}

    private final MarkLayout layout;
    private final FineEvidence evidence = new FineEvidence();
    private CellGrid grid;
    private long cells;
    private long clippedCells;

    public PayloadReadout(WatermarkKey key) {
        this.layout = MarkScheme.layout(key.patternKey());
    }

    /** Adds one frame, as {@link DetectionAccumulator#addFrame} does. */
    public void addFrame(int width, int height, byte[] pixels, int offset, int rowStride, ChannelOrder order) {
        if (grid == null || grid.width() != width || grid.height() != height) {
            grid = new CellGrid(FineEvidence.FINE, width, height);
        }
        double[] means = grid.lumaMeans(pixels, offset, rowStride, order == ChannelOrder.BGR);
        for (double mean : means) {
            clippedCells += FineEvidence.saturated(mean) ? 1 : 0;
        }
        cells += means.length;
        evidence.add(means);
    }

    /** The read over every frame added, compared with {@code embeddedId}. */
    public Reading read(String embeddedId) {
        long embedded = WatermarkEmbedder.parseId(embeddedId);
        AlignmentSearch search = new AlignmentSearch(layout, evidence.sum());
        double[] soft = layout.correlate(search.at(Alignment.WHOLE).cellEvidence());
        PayloadCodec.Decoded best = PayloadCodec.decode(soft);
        int mayDecode = 1 + WatermarkDetector.CROPPED_ALIGNMENTS;
        if (!(best.integrityOk() && mayDecode * FalsePositive.probability(best.bitErrors())
                <= WatermarkDetector.DEFAULT_MAX_FALSE_POSITIVE_PROBABILITY)) {
            for (Aligned cropped : search.best(WatermarkDetector.CROPPED_ALIGNMENTS + 1).stream()
                    .filter(a -> !a.alignment().near(Alignment.WHOLE))
                    .limit(WatermarkDetector.CROPPED_ALIGNMENTS).toList()) {
                double[] candidateSoft = layout.correlate(cropped.cellEvidence());
                PayloadCodec.Decoded candidate = PayloadCodec.decode(candidateSoft);
                if (better(candidate, best)) {
                    best = candidate;
                    soft = candidateSoft;
                }
            }
        }
        int[] sent = PayloadCodec.encode(embedded);
        int codeErrors = 0;
        for (int i = 0; i < sent.length; i++) {
            boolean agrees = sent[i] == 1 ? soft[i] > 0 : soft[i] < 0;
            if (!agrees) {
                codeErrors++;
            }
        }
        return new Reading(Long.bitCount(best.id() ^ embedded), codeErrors, best.integrityOk(),
                cells == 0 ? 0 : (double) clippedCells / cells);
    }

    private static boolean better(PayloadCodec.Decoded a, PayloadCodec.Decoded b) {
        if (a.integrityOk() != b.integrityOk()) {
            return a.integrityOk();
        }
        return a.bitErrors() < b.bitErrors();
    }
}

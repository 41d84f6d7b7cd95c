package io.reelflow.operators.watermark.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds where the mark's grid lies in a frame that may have been cropped: the frame shows the part {@code [offset,
 * offset + kept]} of the marked original along each axis, in normalised coordinates, and scaling to any size is
 * already absorbed by working in normalised coordinates. Each hypothesis lays the mark's cells over the fine evidence
 * ({@link FineEvidence}) and scores how strongly the code bits' cell groups correlate with the keyed signs:
 *
 * <p>{@code score = sum_g |corr_g| / sqrt(G sum_c e_c^2)}: in expectation at most sqrt(2/pi), about 0.8, wherever
 * the grid does not lie, whatever the content (by Cauchy-Schwarz; lower when the evidence is concentrated in few
 * cells), and higher where it does. The payload's own cells are the synchronisation pattern: every group pulls the score up at
 * the right alignment, so no energy goes to a separate pilot. The score is blind to each group's sign, which keeps
 * the false-positive bound honest: flipping a group's keyed signs leaves the choice unchanged, so on unmarked content
 * the chosen alignment's hard decisions are still fair coins, and only the number of alignments decoded multiplies
 * the bound.
 *
 * <p>Search: every alignment with at least {@link #MIN_KEPT} of each axis kept, on a lattice of 1/64 of the frame,
 * then the best few refined to 1/16 of a cell by coordinate ascent on the four edges.
 */
public final class AlignmentSearch {

    /** Smallest fraction of each axis a crop may keep and still be searched for. */
    public static final double MIN_KEPT = 0.85;
    private static final int GRID = MarkScheme.GRID;
    private static final int FINE = FineEvidence.FINE;
    private static final double COARSE_STEP = 1.0 / 64;
    private static final double[] REFINE_STEPS = {1.0 / (4 * GRID), 1.0 / (16 * GRID)};
    private static final int REFINED = 3;

    /** The part of the original each axis of the frame shows. */
    public record Alignment(double keptX, double offsetX, double keptY, double offsetY) {
        public static final Alignment WHOLE = new Alignment(1, 0, 1, 0);

        /** Within 1/8 of a mark cell on every parameter: the same alignment for decoding. */
        public boolean near(Alignment other) {
            double tolerance = 1.0 / (8 * GRID);
            return Math.abs(keptX - other.keptX) < tolerance && Math.abs(offsetX - other.offsetX) < tolerance
                    && Math.abs(keptY - other.keptY) < tolerance && Math.abs(offsetY - other.offsetY) < tolerance;
        }
    }

    /** An alignment, the mark-cell evidence it gives, and its score. */
    public record Aligned(Alignment alignment, double[] cellEvidence, double score) {}

    private final MarkLayout layout;
    private final double[] fine;

    public AlignmentSearch(MarkLayout layout, double[] fineEvidence) {
        this.layout = layout;
        this.fine = fineEvidence;
    }

    /** The mark-cell evidence under one alignment. */
    public Aligned at(Alignment alignment) {
        Resampling rows = resampling(alignment.keptY(), alignment.offsetY());
        Resampling columns = resampling(alignment.keptX(), alignment.offsetX());
        double[] cells = cells(rowsApplied(rows), columns);
        return new Aligned(alignment, cells, score(cells));
    }

    /** The {@code count} best-scoring distinct alignments, best first, refined. */
    public List<Aligned> best(int count) {
        List<double[]> axis = axisHypotheses();
        List<Resampling> resamplings = new ArrayList<>();
        for (double[] h : axis) {
            resamplings.add(resampling(h[0], h[1]));
        }
        List<Aligned> coarse = new ArrayList<>();
        for (int y = 0; y < axis.size(); y++) {
            double[] partial = rowsApplied(resamplings.get(y));
            for (int x = 0; x < axis.size(); x++) {
                double[] cells = cells(partial, resamplings.get(x));
                Alignment a = new Alignment(axis.get(x)[0], axis.get(x)[1], axis.get(y)[0], axis.get(y)[1]);
                keepBest(coarse, new Aligned(a, cells, score(cells)), REFINED);
            }
        }
        List<Aligned> refined = new ArrayList<>();
        for (Aligned candidate : coarse) {
            Aligned better = refine(candidate);
            if (refined.stream().noneMatch(r -> r.alignment().near(better.alignment()))) {
                refined.add(better);
            }
        }
        refined.sort(Comparator.comparingDouble(Aligned::score).reversed());
        return refined.subList(0, Math.min(count, refined.size()));
    }

    private Aligned refine(Aligned start) {
        Aligned best = start;
        for (double step : REFINE_STEPS) {
            for (int pass = 0; pass < 2; pass++) {
                for (int edge = 0; edge < 4; edge++) {
                    for (int k = -4; k <= 4; k++) {
                        if (k == 0) {
                            continue;
                        }
                        Alignment moved = moved(best.alignment(), edge, k * step);
                        if (moved != null) {
                            Aligned tried = at(moved);
                            if (tried.score() > best.score()) {
                                best = tried;
                            }
                        }
                    }
                }
            }
        }
        return best;
    }

    /**
     * The alignment with one edge moved (0: left, 1: right, 2: top, 3: bottom; the opposite edge stays put, which
     * keeps the parameters independent), or null if that leaves the searched range.
     */
    private static Alignment moved(Alignment a, int edge, double delta) {
        double[] p = {a.offsetX(), a.offsetX() + a.keptX(), a.offsetY(), a.offsetY() + a.keptY()};
        p[edge] += delta;
        Alignment moved = new Alignment(p[1] - p[0], p[0], p[3] - p[2], p[2]);
        for (double[] axis : new double[][] {{moved.keptX(), moved.offsetX()}, {moved.keptY(), moved.offsetY()}}) {
            if (axis[0] < MIN_KEPT - 1e-9 || axis[0] > 1 + 1e-9 || axis[1] < -1e-9 || axis[1] + axis[0] > 1 + 1e-9) {
                return null;
            }
        }
        return moved;
    }

    private static void keepBest(List<Aligned> best, Aligned candidate, int count) {
        if (best.size() < count) {
            best.add(candidate);
        } else {
            int worst = 0;
            for (int i = 1; i < best.size(); i++) {
                if (best.get(i).score() < best.get(worst).score()) {
                    worst = i;
                }
            }
            if (candidate.score() > best.get(worst).score()) {
                best.set(worst, candidate);
            }
        }
    }

    /** (kept, offset) pairs on the coarse lattice: kept from 1 down to MIN_KEPT, offsets from 0 to 1 - kept. */
    private static List<double[]> axisHypotheses() {
        List<double[]> hypotheses = new ArrayList<>();
        for (double kept = 1; kept >= MIN_KEPT - 1e-9; kept -= COARSE_STEP) {
            double last = 1 - kept;
            for (double offset = 0; offset < last + COARSE_STEP - 1e-9; offset += COARSE_STEP) {
                hypotheses.add(new double[] {kept, Math.min(offset, last)});
            }
        }
        return hypotheses;
    }

    /**
     * Mark cell i covers original [i/G, (i+1)/G], which the frame shows at [(i/G - offset)/kept, ...] in its own
     * normalised coordinates. Row i gives each fine cell's share of that interval (zero outside the frame).
     */
    private static Resampling resampling(double kept, double offset) {
        int[] first = new int[GRID];
        double[][] weights = new double[GRID][];
        for (int i = 0; i < GRID; i++) {
            double from = ((double) i / GRID - offset) / kept * FINE;
            double to = ((double) (i + 1) / GRID - offset) / kept * FINE;
            double length = to - from;
            int start = Math.max(0, (int) Math.floor(from));
            int end = Math.min(FINE - 1, (int) Math.ceil(to) - 1);
            first[i] = start;
            weights[i] = new double[Math.max(0, end - start + 1)];
            for (int f = start; f <= end; f++) {
                weights[i][f - start] = Math.max(0, Math.min(to, f + 1) - Math.max(from, f)) / length;
            }
        }
        return new Resampling(first, weights);
    }

    /** Row i of a resampling: weights for fine cells {@code first[i]}, {@code first[i] + 1}, ... */
    private record Resampling(int[] first, double[][] weights) {}

    /** {@code rows * fine}: GRID x FINE. */
    private double[] rowsApplied(Resampling rows) {
        double[] out = new double[GRID * FINE];
        for (int i = 0; i < GRID; i++) {
            double[] w = rows.weights()[i];
            for (int n = 0; n < w.length; n++) {
                int from = (rows.first()[i] + n) * FINE;
                for (int x = 0; x < FINE; x++) {
                    out[i * FINE + x] += w[n] * fine[from + x];
                }
            }
        }
        return out;
    }

    /** {@code partial * columns^T}: the GRID x GRID mark-cell evidence. */
    private static double[] cells(double[] partial, Resampling columns) {
        double[] out = new double[GRID * GRID];
        for (int i = 0; i < GRID; i++) {
            int row = i * FINE;
            for (int j = 0; j < GRID; j++) {
                double[] w = columns.weights()[j];
                int f = row + columns.first()[j];
                double sum = 0;
                for (int n = 0; n < w.length; n++) {
                    sum += w[n] * partial[f + n];
                }
                out[i * GRID + j] = sum;
            }
        }
        return out;
    }

    private double score(double[] cells) {
        double[] corr = layout.correlate(cells);
        double energy = 0;
        for (double e : cells) {
            energy += e * e;
        }
        double sum = 0;
        for (double c : corr) {
            sum += Math.abs(c);
        }
        return energy == 0 ? 0 : sum / Math.sqrt(energy * corr.length);
    }
}

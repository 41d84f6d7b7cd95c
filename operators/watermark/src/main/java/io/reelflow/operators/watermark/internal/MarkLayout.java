package io.reelflow.operators.watermark.internal;

/**
 * Which cell of the analysis grid carries what, derived from the key: a keyed permutation gives each code bit its
 * cells, scattered over the whole frame (so one textured region or one lost corner hurts many bits a little rather
 * than a few bits entirely), and a keyed sign per cell turns the layout into a spread-spectrum pattern that looks
 * like noise without the key.
 */
public final class MarkLayout {

    private final int cells;
    private final int groups;
    private final int[] groupOfCell;
    private final int[] signOfCell;
    private final int[][] cellsOfGroup;

    /**
     * @param grid cells per side of the analysis grid
     * @param groups number of code bits, each carried by a group of about {@code grid^2 / groups} cells
     */
    public MarkLayout(byte[] patternKey, int grid, int groups) {
        cells = grid * grid;
        if (groups <= 0 || groups > cells) {
            throw new IllegalArgumentException(groups + " groups do not fit " + cells + " cells");
        }
        this.groups = groups;
        KeyStream stream = new KeyStream(patternKey, "layout");
        int[] order = new int[cells];
        for (int i = 0; i < cells; i++) {
            order[i] = i;
        }
        for (int i = cells - 1; i > 0; i--) {
            int j = stream.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        groupOfCell = new int[cells];
        signOfCell = new int[cells];
        int[] counts = new int[groups];
        for (int i = 0; i < cells; i++) {
            int group = i % groups;
            groupOfCell[order[i]] = group;
            counts[group]++;
        }
        for (int c = 0; c < cells; c++) {
            signOfCell[c] = stream.nextBoolean() ? 1 : -1;
        }
        cellsOfGroup = new int[groups][];
        for (int g = 0; g < groups; g++) {
            cellsOfGroup[g] = new int[counts[g]];
            counts[g] = 0;
        }
        for (int c = 0; c < cells; c++) {
            int g = groupOfCell[c];
            cellsOfGroup[g][counts[g]++] = c;
        }
    }

    public int cells() {
        return cells;
    }

    public int groups() {
        return groups;
    }

    public int group(int cell) {
        return groupOfCell[cell];
    }

    public int sign(int cell) {
        return signOfCell[cell];
    }

    public int[] cellsOf(int group) {
        return cellsOfGroup[group];
    }

    /** Per-group correlations: the sum over the group's cells of sign times {@code perCell}. */
    public double[] correlate(double[] perCell) {
        double[] sums = new double[groups];
        for (int c = 0; c < cells; c++) {
            sums[groupOfCell[c]] += signOfCell[c] * perCell[c];
        }
        return sums;
    }
}

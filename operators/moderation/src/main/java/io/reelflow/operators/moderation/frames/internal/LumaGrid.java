package io.reelflow.operators.moderation.frames.internal;

import io.reelflow.pipeline.Frames;
import java.util.Arrays;

/**
 * A frame's luma (BT.601, 0-255) averaged over a grid of equal cells that cover the whole frame: the first step of a
 * perceptual hash. Area averaging weighs every pixel by how much of it lies in a cell, so any frame size, larger or
 * smaller than the grid, gives the same picture of the content, and re-encoding noise averages out.
 */
public final class LumaGrid {

    private LumaGrid() {}

    /** Cell averages of frame {@code index}, {@code columns x rows}, row-major. */
    public static double[] of(Frames frames, int index, int columns, int rows) {
        int width = frames.width();
        Spans across = Spans.of(width, columns);
        Spans down = Spans.of(frames.height(), rows);
        byte[] rgb = frames.rgb();
        int base = frames.offset(index);
        double[] luma = new double[width];
        double[] rowCells = new double[columns];
        double[] grid = new double[columns * rows];
        int span = 0;
        for (int y = 0; y < frames.height(); y++) {
            int o = base + y * width * 3;
            for (int x = 0; x < width; x++, o += 3) {
                luma[x] = 0.299 * (rgb[o] & 0xff) + 0.587 * (rgb[o + 1] & 0xff) + 0.114 * (rgb[o + 2] & 0xff);
            }
            Arrays.fill(rowCells, 0);
            for (int k = 0; k < across.size; k++) {
                rowCells[across.cell[k]] += across.weight[k] * luma[across.pixel[k]];
            }
            for (; span < down.size && down.pixel[span] == y; span++) {
                int row = down.cell[span] * columns;
                double weight = down.weight[span];
                for (int c = 0; c < columns; c++) {
                    grid[row + c] += weight * rowCells[c];
                }
            }
        }
        return grid;
    }

    /**
     * How {@code pixels} along one axis fall into {@code cells}: each (pixel, cell) overlap with its share of the cell,
     * ordered by pixel. In units of 1/(pixels x cells) everything is an integer, so the shares are exact.
     */
    private static final class Spans {
        final int[] pixel;
        final int[] cell;
        final double[] weight;
        int size;

        private Spans(int capacity) {
            pixel = new int[capacity];
            cell = new int[capacity];
            weight = new double[capacity];
        }

        static Spans of(int pixels, int cells) {
            Spans spans = new Spans(pixels + cells);
            long position = 0; // pixel i is [i * cells, (i + 1) * cells), cell j is [j * pixels, (j + 1) * pixels)
            int i = 0;
            int j = 0;
            while (i < pixels && j < cells) {
                long end = Math.min((long) (i + 1) * cells, (long) (j + 1) * pixels);
                spans.pixel[spans.size] = i;
                spans.cell[spans.size] = j;
                spans.weight[spans.size] = (double) (end - position) / pixels;
                spans.size++;
                position = end;
                if (end == (long) (i + 1) * cells) {
                    i++;
                }
                if (end == (long) (j + 1) * pixels) {
                    j++;
                }
            }
            return spans;
        }
    }
}

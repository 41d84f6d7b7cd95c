package io.reelflow.operators.generate.training;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Draws loss per step (raw in grey, a 100-step moving average in blue) as a PNG, with Java2D only. */
final class LossPlot {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 420;
    private static final int MARGIN = 60;

    private LossPlot() {}

    static void write(double[] losses, Path file) throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        double max = 0;
        double min = Double.MAX_VALUE;
        for (double loss : losses) {
            max = Math.max(max, loss);
            min = Math.min(min, loss);
        }
        min = Math.max(0, min * 0.9);
        double[] average = movingAverage(losses, 100);
        g.setColor(Color.BLACK);
        g.drawRect(MARGIN, MARGIN / 2, WIDTH - MARGIN - 20, HEIGHT - MARGIN - MARGIN / 2);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i <= 4; i++) {
            double value = min + (max - min) * i / 4;
            int y = y(value, min, max);
            g.drawString(String.format(Locale.ROOT, "%.3f", value), 5, y + 4);
            g.drawString(String.valueOf(losses.length * i / 4), x(losses.length * i / 4, losses.length) - 10,
                    HEIGHT - MARGIN / 2 + 5);
        }
        g.drawString("training loss (flow-matching MSE) per step; blue: 100-step mean", MARGIN, 20);
        plot(g, losses, min, max, new Color(190, 190, 190), 1f);
        plot(g, average, min, max, new Color(30, 90, 200), 2f);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static void plot(Graphics2D g, double[] values, double min, double max, Color colour, float width) {
        Path2D.Double path = new Path2D.Double();
        for (int i = 0; i < values.length; i++) {
            if (i == 0) {
                path.moveTo(x(i, values.length), y(values[i], min, max));
            } else {
                path.lineTo(x(i, values.length), y(values[i], min, max));
            }
        }
        g.setColor(colour);
        g.setStroke(new BasicStroke(width));
        g.draw(path);
    }

    private static int x(int step, int steps) {
        return MARGIN + (int) ((WIDTH - MARGIN - 20) * (step / (double) Math.max(1, steps)));
    }

    private static int y(double value, double min, double max) {
        double span = Math.max(1e-9, max - min);
        return HEIGHT - MARGIN + (int) (-(HEIGHT - MARGIN - MARGIN / 2) * (value - min) / span);
    }

    private static double[] movingAverage(double[] values, int window) {
        double[] out = new double[values.length];
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            sum += values[i];
            if (i >= window) {
                sum -= values[i - window];
            }
            out[i] = sum / Math.min(i + 1, window);
        }
        return out;
    }
}

package io.reelflow.operators.generate.eval;

import io.reelflow.pipeline.Frames;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A PNG of evaluation samples: one tile per case with every frame side by side (given frames outlined in grey),
 * scaled up with nearest-neighbour so pixels stay honest, and the case id with what was read wrong, if anything.
 */
public final class ContactSheet {

    private static final int SCALE = 3;
    private static final int MAX_FRAMES = 12;
    private static final int COLUMNS = 3;
    private static final int LABEL = 16;

    private ContactSheet() {}

    public static void write(List<ShapeWorldEval.Result> results, Path file) throws IOException {
        int tileWidth = MAX_FRAMES * (36 * SCALE + 2) + 8;
        int tileHeight = 36 * SCALE + LABEL + 10;
        int rows = (results.size() + COLUMNS - 1) / COLUMNS;
        BufferedImage sheet = new BufferedImage(COLUMNS * tileWidth, Math.max(1, rows) * tileHeight,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 11));
        for (int i = 0; i < results.size(); i++) {
            ShapeWorldEval.Result r = results.get(i);
            int x0 = (i % COLUMNS) * tileWidth + 4;
            int y0 = (i / COLUMNS) * tileHeight + 4;
            Frames frames = r.frames();
            int shown = Math.min(MAX_FRAMES, frames.count());
            for (int f = 0; f < shown; f++) {
                int x = x0 + f * (frames.width() * SCALE + 2);
                g.drawImage(frame(frames, f), x, y0, frames.width() * SCALE, frames.height() * SCALE, null);
                if (!r.generated()[f]) {
                    g.setColor(Color.GRAY);
                    g.drawRect(x - 1, y0 - 1, frames.width() * SCALE + 1, frames.height() * SCALE + 1);
                }
            }
            String wrong = (r.backgroundRight() ? "" : " bg") + (r.colourRight() ? "" : " colour")
                    + (r.shapeRight() ? "" : " shape") + (r.motionRight() ? "" : " motion");
            g.setColor(wrong.isEmpty() ? new Color(0, 120, 0) : new Color(180, 0, 0));
            g.drawString(r.evalCase().id() + (wrong.isEmpty() ? " ok" : " wrong:" + wrong), x0,
                    y0 + 36 * SCALE + LABEL - 2);
        }
        g.dispose();
        ImageIO.write(sheet, "png", file.toFile());
    }

    static BufferedImage frame(Frames frames, int index) {
        BufferedImage image = new BufferedImage(frames.width(), frames.height(), BufferedImage.TYPE_INT_RGB);
        int base = frames.offset(index);
        for (int y = 0; y < frames.height(); y++) {
            for (int x = 0; x < frames.width(); x++) {
                int i = base + (y * frames.width() + x) * 3;
                image.setRGB(x, y, (frames.rgb()[i] & 0xFF) << 16 | (frames.rgb()[i + 1] & 0xFF) << 8
                        | (frames.rgb()[i + 2] & 0xFF));
            }
        }
        return image;
    }
}

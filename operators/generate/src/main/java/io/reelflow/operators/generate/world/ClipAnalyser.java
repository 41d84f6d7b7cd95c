package io.reelflow.operators.generate.world;

import io.reelflow.pipeline.Frames;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a clip of the shape world back from its pixels alone, without knowing how it was made: the background colour
 * (the palette colour most border pixels are nearest), the object's colour (likewise, over pixels unlike the
 * background), its shape (how much of its bounding box it fills and where its mass sits) and its motion (the trend
 * of its centroid and area over the frames).
 */
public final class ClipAnalyser {

    /** Share of a bounding box a shape fills (square 1, circle pi/4, triangle 1/2), as boundaries between them. */
    static final double SQUARE_ABOVE = 0.89;
    static final double TRIANGLE_BELOW = 0.64;
    /** Per-frame speed (fraction of the shorter side) and log-growth below which the object counts as still. */
    static final double STILL_SPEED = 0.02;
    static final double STILL_GROWTH = 0.03;

    /**
     * What the pixels show; {@code colour}, {@code shape} and {@code motion} are null when no object is found.
     *
     * @param speed centroid speed per frame as a fraction of the shorter side, largest axis, signed (x or y)
     * @param growth log of the area's growth per frame, halved (so it compares with a size change)
     */
    public record Reading(Colour background, Colour colour, Shape shape, Motion motion, double fill,
            double speed, double growth, int objectFrames) {

        public boolean matches(Scene scene, boolean image) {
            return background == scene.background() && colour == scene.colour() && shape == scene.shape()
                    && (image || motion == scene.motion());
        }
    }

    private ClipAnalyser() {}

    public static Reading read(Frames frames) {
        int w = frames.width();
        int h = frames.height();
        byte[] rgb = frames.rgb();
        Colour background = borderColour(frames);
        double[] bg = medianBorder(frames);
        Colour colour = objectColour(rgb, bg, background, farFrom(background));
        if (colour == null) {
            return new Reading(background, null, null, null, 0, 0, 0, 0);
        }
        double[] object = {colour.red(), colour.green(), colour.blue()};
        List<double[]> tracks = new ArrayList<>(); // per frame: frame, cx, cy, area, fill, lowerShare
        int minimumArea = Math.max(4, w * h / 200);
        for (int f = 0; f < frames.count(); f++) {
            double[] stats = objectStats(rgb, f, w, h, bg, object);
            if (stats != null && stats[2] >= minimumArea) {
                tracks.add(new double[] {f, stats[0], stats[1], stats[2], stats[3], stats[4], stats[5]});
            }
        }
        if (tracks.isEmpty()) {
            return new Reading(background, colour, null, null, 0, 0, 0, 0);
        }
        Shape shape = shape(tracks);
        double fill = tracks.stream().mapToDouble(t -> t[4]).sorted().toArray()[tracks.size() / 2];
        double shorter = Math.min(w, h);
        double vx = slope(tracks, 1) / shorter;
        double vy = slope(tracks, 2) / shorter;
        double growth = tracks.size() < 2 ? 0 : logAreaSlope(tracks) / 2;
        Motion motion = motion(vx, vy, growth, tracks.size());
        double speed = Math.abs(vx) >= Math.abs(vy) ? vx : vy;
        return new Reading(background, colour, shape, motion, fill, speed, growth, tracks.size());
    }

    private static Colour borderColour(Frames frames) {
        Map<Colour, Integer> votes = new EnumMap<>(Colour.class);
        forEachBorderPixel(frames, (r, g, b) -> votes.merge(Colour.nearest(r, g, b), 1, Integer::sum));
        return votes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    /** The per-channel median of the border: the background's actual colour, whatever palette it is nearest. */
    private static double[] medianBorder(Frames frames) {
        List<int[]> pixels = new ArrayList<>();
        forEachBorderPixel(frames, (r, g, b) -> pixels.add(new int[] {r, g, b}));
        double[] median = new double[3];
        for (int c = 0; c < 3; c++) {
            int channel = c;
            median[c] = pixels.stream().mapToInt(p -> p[channel]).sorted().toArray()[pixels.size() / 2];
        }
        return median;
    }

    /** Half the distance from {@code background} to the nearest other palette colour, at most 80 levels. */
    private static double farFrom(Colour background) {
        double nearest = Double.MAX_VALUE;
        for (Colour other : Colour.values()) {
            if (other != background) {
                nearest = Math.min(nearest, Math.sqrt(background.distanceSquared(other.red(), other.green(), other.blue())));
            }
        }
        return Math.min(80, nearest / 2);
    }

    /** The palette colour (other than the background's) most pixels far from the background are nearest. */
    private static Colour objectColour(byte[] rgb, double[] bg, Colour background, double far) {
        Map<Colour, Integer> votes = new EnumMap<>(Colour.class);
        for (int i = 0; i < rgb.length; i += 3) {
            int r = rgb[i] & 0xFF;
            int g = rgb[i + 1] & 0xFF;
            int b = rgb[i + 2] & 0xFF;
            double dr = r - bg[0];
            double dg = g - bg[1];
            double db = b - bg[2];
            if (dr * dr + dg * dg + db * db < far * far) {
                continue;
            }
            Colour nearest = Colour.nearest(r, g, b);
            if (nearest != background) {
                votes.merge(nearest, 1, Integer::sum);
            }
        }
        int total = votes.values().stream().mapToInt(Integer::intValue).sum();
        return votes.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .filter(e -> e.getValue() >= Math.max(3, total / 10))
                .map(Map.Entry::getKey)
                .orElse(null);
    }

    /**
     * The object in one frame: pixels more than halfway from the background to the object colour. Returns centroid
     * x, y, area, fill of the bounding box, share of the area in the box's lower half, and the box's aspect.
     */
    private static double[] objectStats(byte[] rgb, int frame, int w, int h, double[] bg, double[] object) {
        double[] axis = {object[0] - bg[0], object[1] - bg[1], object[2] - bg[2]};
        double length2 = axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2];
        if (length2 < 1) {
            return null;
        }
        double sx = 0;
        double sy = 0;
        int area = 0;
        int minX = w;
        int minY = h;
        int maxX = -1;
        int maxY = -1;
        boolean[] inside = new boolean[w * h];
        int base = frame * w * h * 3;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = base + (y * w + x) * 3;
                double t = ((rgb[i] & 0xFF) - bg[0]) * axis[0] + ((rgb[i + 1] & 0xFF) - bg[1]) * axis[1]
                        + ((rgb[i + 2] & 0xFF) - bg[2]) * axis[2];
                if (t / length2 > 0.5) {
                    inside[y * w + x] = true;
                    sx += x + 0.5;
                    sy += y + 0.5;
                    area++;
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        if (area == 0) {
            return null;
        }
        double boxArea = (maxX - minX + 1.0) * (maxY - minY + 1.0);
        double middle = (minY + maxY + 1) / 2.0;
        int lower = 0;
        for (int y = minY; y <= maxY; y++) {
            for (int x = minX; x <= maxX; x++) {
                if (inside[y * w + x] && y + 0.5 > middle) {
                    lower++;
                }
            }
        }
        return new double[] {sx / area, sy / area, area, area / boxArea, lower / (double) area,
            (maxX - minX + 1.0) / (maxY - minY + 1.0)};
    }

    /** Votes per frame: a full box is a square, a half-full one with its mass low a triangle, between a circle. */
    private static Shape shape(List<double[]> tracks) {
        Map<Shape, Integer> votes = new EnumMap<>(Shape.class);
        for (double[] t : tracks) {
            double fill = t[4];
            double lowerShare = t[5];
            Shape vote;
            if (fill >= SQUARE_ABOVE) {
                vote = Shape.SQUARE;
            } else if (fill < TRIANGLE_BELOW || lowerShare > 0.62) {
                vote = Shape.TRIANGLE;
            } else {
                vote = Shape.CIRCLE;
            }
            votes.merge(vote, 1, Integer::sum);
        }
        return votes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    private static Motion motion(double vx, double vy, double growth, int frames) {
        if (frames < 2) {
            return Motion.STILL;
        }
        double move = Math.max(Math.abs(vx), Math.abs(vy)) / STILL_SPEED;
        double grow = Math.abs(growth) / STILL_GROWTH;
        if (move < 1 && grow < 1) {
            return Motion.STILL;
        }
        if (grow > move) {
            return growth > 0 ? Motion.GROWING : Motion.SHRINKING;
        }
        if (Math.abs(vx) >= Math.abs(vy)) {
            return vx > 0 ? Motion.RIGHT : Motion.LEFT;
        }
        return vy > 0 ? Motion.DOWN : Motion.UP;
    }

    /** Least-squares slope of column {@code index} against the frame number. */
    private static double slope(List<double[]> tracks, int index) {
        if (tracks.size() < 2) {
            return 0;
        }
        double n = tracks.size();
        double mf = tracks.stream().mapToDouble(t -> t[0]).sum() / n;
        double mv = tracks.stream().mapToDouble(t -> t[index]).sum() / n;
        double num = 0;
        double den = 0;
        for (double[] t : tracks) {
            num += (t[0] - mf) * (t[index] - mv);
            den += (t[0] - mf) * (t[0] - mf);
        }
        return den == 0 ? 0 : num / den;
    }

    private static double logAreaSlope(List<double[]> tracks) {
        List<double[]> logs = new ArrayList<>();
        for (double[] t : tracks) {
            logs.add(new double[] {t[0], Math.log(t[3])});
        }
        return slope(logs, 1);
    }

    private interface PixelVisitor {
        void visit(int r, int g, int b);
    }

    private static void forEachBorderPixel(Frames frames, PixelVisitor visitor) {
        int w = frames.width();
        int h = frames.height();
        byte[] rgb = frames.rgb();
        for (int f = 0; f < frames.count(); f++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    if (y != 0 && y != h - 1 && x != 0 && x != w - 1) {
                        continue;
                    }
                    int i = ((f * h + y) * w + x) * 3;
                    visitor.visit(rgb[i] & 0xFF, rgb[i + 1] & 0xFF, rgb[i + 2] & 0xFF);
                }
            }
        }
    }
}

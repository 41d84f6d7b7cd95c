package io.reelflow.operators.generate.world;

/** The reference world's palette: every object and background colour, with its English and Chinese names. */
public enum Colour {
    RED(220, 40, 40, "red", "红色"),
    ORANGE(240, 140, 30, "orange", "橙色"),
    YELLOW(240, 220, 40, "yellow", "黄色"),
    GREEN(50, 180, 70, "green", "绿色"),
    BLUE(40, 90, 220, "blue", "蓝色"),
    PURPLE(140, 60, 200, "purple", "紫色"),
    WHITE(240, 240, 240, "white", "白色"),
    BLACK(20, 20, 20, "black", "黑色");

    private final int red;
    private final int green;
    private final int blue;
    private final String english;
    private final String chinese;

    Colour(int red, int green, int blue, String english, String chinese) {
        this.red = red;
        this.green = green;
        this.blue = blue;
        this.english = english;
        this.chinese = chinese;
    }

    public int red() {
        return red;
    }

    public int green() {
        return green;
    }

    public int blue() {
        return blue;
    }

    public String english() {
        return english;
    }

    public String chinese() {
        return chinese;
    }

    /** The palette colour nearest to an RGB value (squared Euclidean distance). */
    public static Colour nearest(double r, double g, double b) {
        Colour best = null;
        double bestDistance = Double.MAX_VALUE;
        for (Colour colour : values()) {
            double distance = colour.distanceSquared(r, g, b);
            if (distance < bestDistance) {
                best = colour;
                bestDistance = distance;
            }
        }
        return best;
    }

    public double distanceSquared(double r, double g, double b) {
        double dr = r - red;
        double dg = g - green;
        double db = b - blue;
        return dr * dr + dg * dg + db * db;
    }
}

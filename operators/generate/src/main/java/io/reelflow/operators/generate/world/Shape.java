package io.reelflow.operators.generate.world;

/** The reference world's objects. */
public enum Shape {
    CIRCLE("circle", "圆形"),
    SQUARE("square", "正方形"),
    TRIANGLE("triangle", "三角形");

    private final String english;
    private final String chinese;

    Shape(String english, String chinese) {
        this.english = english;
        this.chinese = chinese;
    }

    public String english() {
        return english;
    }

    public String chinese() {
        return chinese;
    }

    /**
     * Whether the point (x, y), relative to the shape's centre in units of its size (the side of its bounding box),
     * is inside it. The triangle points up, its base at the bottom of the box.
     */
    public boolean contains(double x, double y) {
        return switch (this) {
            case CIRCLE -> x * x + y * y <= 0.25;
            case SQUARE -> Math.abs(x) <= 0.5 && Math.abs(y) <= 0.5;
            // apex (0, -0.5), base corners (+-0.5, 0.5): |x| <= (y + 0.5) / 2
            case TRIANGLE -> y <= 0.5 && y >= -0.5 && Math.abs(x) <= (y + 0.5) / 2;
        };
    }
}

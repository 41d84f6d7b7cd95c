package io.reelflow.operators.generate.world;

import java.util.SplittableRandom;

/**
 * Where the object is in frame 0 and how it changes per frame, in pixels. Speeds are per frame at the model's native
 * rate and scale with the frame's shorter side, so motion looks the same in every aspect bucket.
 *
 * @param growth size factor per frame (1 unless growing or shrinking)
 */
public record Geometry(double centreX, double centreY, double size, double velocityX, double velocityY,
        double growth) {

    /** Speed of moving objects: a twentieth of the shorter side per frame, give or take 15 %. */
    static final double SPEED = 0.05;
    /** Growth per frame of growing objects (shrinking: the inverse): x1.6 over 8 frames. */
    static final double GROWTH = 1.07;

    public double centreX(int frame) {
        return centreX + velocityX * frame;
    }

    public double centreY(int frame) {
        return centreY + velocityY * frame;
    }

    public double size(int frame) {
        return size * Math.pow(growth, frame);
    }

    /** A random placement for {@code motion} that keeps the object inside a {@code width x height} frame. */
    public static Geometry random(Motion motion, int width, int height, int frames, SplittableRandom random) {
        double shorter = Math.min(width, height);
        double speed = SPEED * shorter * uniform(random, 0.85, 1.15);
        double size = shorter * switch (motion) {
            case GROWING -> uniform(random, 0.26, 0.32);
            case SHRINKING -> uniform(random, 0.44, 0.52);
            default -> uniform(random, 0.36, 0.48);
        };
        double growth = motion == Motion.GROWING ? GROWTH : motion == Motion.SHRINKING ? 1 / GROWTH : 1;
        double vx = motion == Motion.LEFT ? -speed : motion == Motion.RIGHT ? speed : 0;
        double vy = motion == Motion.UP ? -speed : motion == Motion.DOWN ? speed : 0;
        double largest = size * Math.max(1, Math.pow(growth, frames - 1));
        double travelX = Math.abs(vx) * (frames - 1);
        double travelY = Math.abs(vy) * (frames - 1);
        double x = start(random, largest / 2, width - largest / 2 - travelX);
        double y = start(random, largest / 2, height - largest / 2 - travelY);
        return new Geometry(vx < 0 ? x + travelX : x, vy < 0 ? y + travelY : y, size, vx, vy, growth);
    }

    private static double start(SplittableRandom random, double low, double high) {
        return high <= low ? (low + high) / 2 : uniform(random, low, high);
    }

    private static double uniform(SplittableRandom random, double low, double high) {
        return low + (high - low) * random.nextDouble();
    }
}

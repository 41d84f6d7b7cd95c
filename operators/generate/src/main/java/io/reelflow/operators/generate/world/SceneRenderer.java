package io.reelflow.operators.generate.world;

import io.reelflow.operators.generate.PixelRange;

/**
 * Draws a scene: a flat background and the object, anti-aliased by 4x4 supersampling. Frames come out as
 * (frames, height, width, RGB), the layout of {@link io.reelflow.pipeline.Frames}.
 */
public final class SceneRenderer {

    private static final int SUBSAMPLES = 4;

    private SceneRenderer() {}

    /** 8-bit RGB. */
    public static byte[] render(Scene scene, Geometry geometry, int width, int height, int frames) {
        return render(scene, coverage(scene, geometry, width, height, frames));
    }

    /** 8-bit RGB of the scene's colours over a {@link #coverage} already computed. */
    private static byte[] render(Scene scene, float[] coverage) {
        byte[] rgb = new byte[coverage.length * 3];
        int[] object = {scene.colour().red(), scene.colour().green(), scene.colour().blue()};
        int[] background = {scene.background().red(), scene.background().green(), scene.background().blue()};
        for (int i = 0; i < coverage.length; i++) {
            float a = coverage[i];
            for (int c = 0; c < 3; c++) {
                rgb[i * 3 + c] = (byte) Math.round(background[c] + a * (object[c] - background[c]));
            }
        }
        return rgb;
    }

    /** Values in [-1, 1] (what the model samples), same layout, from the scene's {@link #coverage}. */
    public static float[] renderSigned(Scene scene, float[] coverage) {
        byte[] rgb = render(scene, coverage);
        float[] out = new float[rgb.length];
        PixelRange.signed(rgb, 0, out, 0, rgb.length);
        return out;
    }

    /** Fraction of each pixel the object covers, (frames, height, width): what the trainer weights. */
    public static float[] coverage(Scene scene, Geometry geometry, int width, int height, int frames) {
        return coverage(scene.shape(), geometry, width, height, frames);
    }

    static float[] coverage(Shape shape, Geometry geometry, int width, int height, int frames) {
        float[] out = new float[frames * height * width];
        double step = 1.0 / SUBSAMPLES;
        for (int f = 0; f < frames; f++) {
            double cx = geometry.centreX(f);
            double cy = geometry.centreY(f);
            double size = geometry.size(f);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int inside = 0;
                    for (int sy = 0; sy < SUBSAMPLES; sy++) {
                        double py = (y + (sy + 0.5) * step - cy) / size;
                        for (int sx = 0; sx < SUBSAMPLES; sx++) {
                            if (shape.contains((x + (sx + 0.5) * step - cx) / size, py)) {
                                inside++;
                            }
                        }
                    }
                    out[(f * height + y) * width + x] = inside / (float) (SUBSAMPLES * SUBSAMPLES);
                }
            }
        }
        return out;
    }
}

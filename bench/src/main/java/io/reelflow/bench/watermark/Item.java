package io.reelflow.bench.watermark;

/**
 * One piece of content the benchmark makes: a video or an image of {@code content} at {@code width x height}, drawn
 * from {@code seed}. Items are numbered, so a resumed run makes the same ones again.
 */
record Item(String name, Content content, int width, int height, boolean video, double seconds, long seed) {

    /** What the pixels are: synthetic texture in one of three styles, or the reference model's output. */
    enum Content {
        LANDSCAPE(TexturedClips.Style.LANDSCAPE),
        GRADIENT(TexturedClips.Style.GRADIENT),
        GRAIN(TexturedClips.Style.GRAIN),
        GENERATED(null);

        final TexturedClips.Style style;

        Content(TexturedClips.Style style) {
            this.style = style;
        }

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The synthetic style for item {@code index}: the three cycle, so every count covers them evenly. */
        static Content textured(int index) {
            return values()[index % 3];
        }
    }

    static final int FPS = 24;

    String size() {
        return width + "x" + height;
    }

    int frames() {
        return video ? (int) Math.round(seconds * FPS) : 1;
    }
}

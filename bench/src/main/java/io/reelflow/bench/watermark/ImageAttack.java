package io.reelflow.bench.watermark;

import io.reelflow.pipeline.Frames;

/** What may happen to a stored image (a PNG, read back losslessly): each returns the pixels a verifier reads. */
enum ImageAttack {
    NONE("stored PNG"),
    JPEG_50("JPEG q50"),
    DOWNSCALE_50("50 % down and back"),
    CROP_10("crop 10 % at a corner"),
    BRIGHTER_20("brightness +20 %"),
    DARKER_20("brightness -20 %");

    final String label;

    ImageAttack(String label) {
        this.label = label;
    }

    Frames apply(Frames stored, int corner) throws java.io.IOException {
        int w = stored.width();
        int h = stored.height();
        byte[] rgb = stored.rgb();
        return switch (this) {
            case NONE -> stored;
            case JPEG_50 -> Pixels.decodeJpeg(Pixels.jpeg(rgb, w, h, 0.5f));
            case DOWNSCALE_50 -> new Frames(w, h, 1, Pixels.halveAndRestore(rgb, w, h));
            case CROP_10 -> {
                int[] kept = Pixels.croppedSize(w, h);
                yield new Frames(kept[0], kept[1], 1, Pixels.crop(rgb, w, h, corner));
            }
            case BRIGHTER_20 -> new Frames(w, h, 1, Pixels.brightness(rgb, 1.2));
            case DARKER_20 -> new Frames(w, h, 1, Pixels.brightness(rgb, 0.8));
        };
    }
}

package io.reelflow.bench.watermark;

import io.reelflow.bench.watermark.Reencoder.Codec;
import io.reelflow.pipeline.Frames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * What may happen to a stored video after it leaves Reelflow. Every attack starts from the decoded stored MP4;
 * those that change pixels, size, rate or length re-encode afterwards at H.264 CRF 23 (ffmpeg's default), as
 * re-uploading or editing would. {@link #apply} returns what a verifier then reads back.
 */
enum VideoAttack {
    NONE("stored MP4 (libopenh264, encode defaults)"),
    H264_CRF23("H.264 CRF 23"),
    H264_CRF28("H.264 CRF 28"),
    H264_CRF35("H.264 CRF 35"),
    VP9("VP9 CRF 31"),
    DOWNSCALE_50("50 % down and back + CRF 23"),
    CROP_10("crop 10 % at a corner + CRF 23"),
    BRIGHTER_20("brightness +20 % + CRF 23"),
    DARKER_20("brightness -20 % + CRF 23"),
    FPS_15("24 -> 15 fps + CRF 23"),
    TRIM_1S("first and last second cut + CRF 23"),
    JPEG_50_FRAME("one frame as JPEG q50");

    private static final double TARGET_FPS = 15;

    final String label;

    VideoAttack(String label) {
        this.label = label;
    }

    /** Frames to re-encode: their size, rate and count, and each frame's packed RGB. */
    private record Edit(int width, int height, double fps, int count, IntFunction<byte[]> frame) {}

    /**
     * Applies the attack to a stored video (its file's bytes and its frames, decoded, at {@code fps}) and reads the
     * result back. {@code corner} picks the corner a crop cuts.
     */
    Readback.Result apply(byte[] storedFile, Frames stored, double fps, int corner, Readback readback, String id)
            throws Exception {
        IntFunction<byte[]> frame = i -> Arrays.copyOfRange(stored.rgb(), stored.offset(i), stored.offset(i + 1));
        if (this == NONE) {
            return readback.read(storedFile, id);
        }
        if (this == JPEG_50_FRAME) {
            byte[] jpeg = Pixels.jpeg(frame.apply(stored.count() / 2), stored.width(), stored.height(), 0.5f);
            return readback.read(Pixels.decodeJpeg(jpeg), id);
        }
        Edit edit = edit(stored, fps, corner, frame);
        Path file = Files.createTempFile("reelflow-attack-", codec().extension());
        try {
            Reencoder.write(file, codec(), edit.width(), edit.height(), edit.fps(), edit.count(), edit.frame());
            return readback.read(file, id);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private Codec codec() {
        return switch (this) {
            case H264_CRF28 -> Codec.h264(28);
            case H264_CRF35 -> Codec.h264(35);
            case VP9 -> Codec.vp9();
            default -> Codec.h264(23);
        };
    }

    private Edit edit(Frames stored, double fps, int corner, IntFunction<byte[]> frame) {
        int w = stored.width();
        int h = stored.height();
        int n = stored.count();
        return switch (this) {
            case DOWNSCALE_50 -> new Edit(w, h, fps, n, i -> Pixels.halveAndRestore(frame.apply(i), w, h));
            case CROP_10 -> {
                int[] kept = Pixels.croppedSize(w, h);
                yield new Edit(kept[0], kept[1], fps, n, i -> Pixels.crop(frame.apply(i), w, h, corner));
            }
            case BRIGHTER_20 -> new Edit(w, h, fps, n, i -> Pixels.brightness(frame.apply(i), 1.2));
            case DARKER_20 -> new Edit(w, h, fps, n, i -> Pixels.brightness(frame.apply(i), 0.8));
            // As ffmpeg's fps filter: each output frame is the input frame nearest its time; the rest are dropped.
            case FPS_15 -> new Edit(w, h, TARGET_FPS, (int) Math.floor(n * TARGET_FPS / fps),
                    i -> frame.apply((int) Math.min(n - 1, Math.round(i * fps / TARGET_FPS))));
            case TRIM_1S -> {
                int cut = (int) Math.round(fps);
                if (n <= 2 * cut) {
                    throw new IllegalArgumentException("a clip of " + n + " frames has nothing left after the cut");
                }
                yield new Edit(w, h, fps, n - 2 * cut, i -> frame.apply(cut + i));
            }
            default -> new Edit(w, h, fps, n, frame); // a re-encode alone
        };
    }
}

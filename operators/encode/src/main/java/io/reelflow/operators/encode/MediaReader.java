package io.reelflow.operators.encode;

import io.reelflow.operators.encode.internal.FfmpegLog;
import io.reelflow.operators.encode.internal.PngCodec;
import io.reelflow.operators.encode.internal.VideoDecoder;
import io.reelflow.pipeline.Frames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads images and videos back to RGB frames: PNG through ImageIO, everything else (MP4, WebM, ...) through FFmpeg. For
 * long videos use {@link #stream}, which holds one frame at a time; {@link #read} holds them all. Failures to parse or
 * decode are IOExceptions.
 */
public final class MediaReader {

    private static final int PNG_SIGNATURE_BYTES = 8;
    private static final int MAX_BYTES = Integer.MAX_VALUE - 8;

    private MediaReader() {}

    /** Size, frame count, rate and codec from the headers, without decoding the frames. */
    public static MediaInfo probe(byte[] bytes) throws IOException {
        if (PngCodec.isPng(bytes)) {
            int[] size = PngCodec.size(bytes);
            return pngInfo(size[0], size[1]);
        }
        try (VideoDecoder decoder = open(bytes)) {
            return decoder.info(-1);
        }
    }

    public static MediaInfo probe(Path file) throws IOException {
        return isPng(file) ? probe(Files.readAllBytes(file)) : probeVideo(file);
    }

    /** Every frame, decoded; the info's frame count is the number decoded. */
    public static DecodedMedia read(byte[] bytes) throws IOException {
        if (PngCodec.isPng(bytes)) {
            Frames frames = PngCodec.decode(bytes);
            return new DecodedMedia(pngInfo(frames.width(), frames.height()), frames);
        }
        try (VideoDecoder decoder = open(bytes)) {
            return collect(decoder);
        }
    }

    public static DecodedMedia read(Path file) throws IOException {
        if (isPng(file)) {
            return read(Files.readAllBytes(file));
        }
        FfmpegLog.install();
        try (VideoDecoder decoder = VideoDecoder.open(file)) {
            return collect(decoder);
        }
    }

    /** Decodes frame by frame into {@code visitor}; returns the info with the number of frames decoded. */
    public static MediaInfo stream(byte[] bytes, FrameVisitor visitor) throws IOException {
        if (PngCodec.isPng(bytes)) {
            Frames frames = PngCodec.decode(bytes);
            visitor.frame(0, frames.width(), frames.height(), frames.rgb());
            return pngInfo(frames.width(), frames.height());
        }
        try (VideoDecoder decoder = open(bytes)) {
            int count = decoder.forEachFrame(visitor);
            return decoder.info(count);
        }
    }

    public static MediaInfo stream(Path file, FrameVisitor visitor) throws IOException {
        if (isPng(file)) {
            return stream(Files.readAllBytes(file), visitor);
        }
        FfmpegLog.install();
        try (VideoDecoder decoder = VideoDecoder.open(file)) {
            int count = decoder.forEachFrame(visitor);
            return decoder.info(count);
        }
    }

    private static VideoDecoder open(byte[] bytes) throws IOException {
        FfmpegLog.install();
        return VideoDecoder.open(bytes);
    }

    private static MediaInfo probeVideo(Path file) throws IOException {
        FfmpegLog.install();
        try (VideoDecoder decoder = VideoDecoder.open(file)) {
            return decoder.info(-1);
        }
    }

    private static DecodedMedia collect(VideoDecoder decoder) throws IOException {
        MediaInfo header = decoder.info(-1);
        long expected = (long) Math.max(1, header.frames()) * header.width() * header.height() * 3;
        byte[][] all = {new byte[(int) Math.min(expected, MAX_BYTES)]};
        int[] state = new int[3]; // width, height, bytes used
        int count = decoder.forEachFrame((index, width, height, rgb) -> {
            if (index > 0 && (width != state[0] || height != state[1])) {
                throw new IOException(
                        "frame " + index + " is " + width + "x" + height + ", not " + state[0] + "x" + state[1]);
            }
            state[0] = width;
            state[1] = height;
            long needed = (long) state[2] + rgb.length;
            if (needed > MAX_BYTES) {
                throw new IOException("too many frames to hold at once; use MediaReader.stream");
            }
            if (needed > all[0].length) {
                all[0] = Arrays.copyOf(all[0], (int) Math.min(MAX_BYTES, Math.max(needed, 2L * all[0].length)));
            }
            System.arraycopy(rgb, 0, all[0], state[2], rgb.length);
            state[2] += rgb.length;
        });
        if (count == 0) {
            throw new IOException("no video frames");
        }
        byte[] rgb = all[0].length == state[2] ? all[0] : Arrays.copyOf(all[0], state[2]);
        return new DecodedMedia(decoder.info(count), new Frames(state[0], state[1], count, rgb));
    }

    private static MediaInfo pngInfo(int width, int height) {
        return new MediaInfo("png", "png", width, height, 1, 0.0, 0.0);
    }

    private static boolean isPng(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return PngCodec.isPng(in.readNBytes(PNG_SIGNATURE_BYTES));
        }
    }
}

package io.reelflow.operators.encode;

import io.reelflow.config.EncodeConfig;
import io.reelflow.operators.encode.internal.FfmpegLog;
import io.reelflow.operators.encode.internal.FrameScaler;
import io.reelflow.operators.encode.internal.VideoMuxer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes RGB24 frames of one size to a video file as they come, for tools that re-encode someone's video (the
 * watermark command): MP4 with the deployment's H.264 encoder ({@code encode.video-codec}) or WebM with VP9
 * ({@code libvpx-vp9}), at the bitrate and keyframe interval the encode stage would choose. Video only, no audio;
 * even sizes only (4:2:0).
 * Colours go through BT.709 limited range, as the encode stage's. Closing an unfinished writer deletes the partial
 * file. Not thread-safe.
 */
public final class VideoFileWriter implements AutoCloseable {

    /** VP9 in the bundled FFmpeg (libvpx); its default "best" deadline is far too slow for a command line. */
    static final String VP9 = "libvpx-vp9";
    private static final Map<String, String> VP9_OPTIONS = Map.of("deadline", "good", "cpu-used", "4", "row-mt", "1");

    /** The containers it writes, chosen by the output file's extension. */
    public enum Container {
        MP4("mp4"),
        WEBM("webm");

        private final String muxer;

        Container(String muxer) {
            this.muxer = muxer;
        }

        /** The container a file name asks for ({@code .mp4}, {@code .webm}, any case), if any. */
        public static Optional<Container> of(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            for (Container container : values()) {
                if (name.endsWith("." + container.muxer)) {
                    return Optional.of(container);
                }
            }
            return Optional.empty();
        }
    }

    private final Path file;
    private final int width;
    private final int height;
    private final FrameScaler converter;
    private final VideoMuxer muxer;
    private int frames;
    private boolean finished;

    private VideoFileWriter(Path file, int width, int height, FrameScaler converter, VideoMuxer muxer) {
        this.file = file;
        this.width = width;
        this.height = height;
        this.converter = converter;
        this.muxer = muxer;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Encodes one frame of {@code width * height * 3} bytes of RGB24. */
    public void write(byte[] rgb) throws IOException {
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException("a " + width + "x" + height + " RGB frame has " + width * height * 3
                    + " bytes, got " + rgb.length);
        }
        converter.scale(rgb, 0);
        try {
            muxer.write(converter.output());
        } catch (IOException e) {
            throw explained(e);
        }
        frames++;
    }

    /** Flushes the encoder and completes the file; returns the number of frames written. */
    public int finish() throws IOException {
        try {
            muxer.finish();
        } catch (IOException e) {
            throw explained(e);
        }
        finished = true;
        return frames;
    }

    @Override
    public void close() throws IOException {
        try {
            muxer.close();
            converter.close();
        } finally {
            if (!finished) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** JavaCV's messages name the failing call; FFmpeg's log says why. */
    private static IOException explained(IOException e) {
        String why = FfmpegLog.recentErrors();
        String message = String.valueOf(e.getMessage())
                .replace(" (For more details, make sure FFmpegLogCallback.set() has been called.)", "");
        return new IOException(message + (why.isEmpty() ? "" : " (FFmpeg: " + why + ")"), e);
    }

    public static final class Builder {
        private Path file;
        private Container container;
        private int width;
        private int height;
        private double fps;
        private EncodeConfig encode;
        private int threads;

        private Builder() {}

        /** The file to write (replaced if it exists); its extension gives the container unless one is set. */
        public Builder file(Path file) {
            this.file = file;
            return this;
        }

        public Builder container(Container container) {
            this.container = container;
            return this;
        }

        public Builder size(int width, int height) {
            this.width = width;
            this.height = height;
            return this;
        }

        /** Frames per second; any positive rate, e.g. 29.97. */
        public Builder fps(double fps) {
            this.fps = fps;
            return this;
        }

        /** {@code encode.*}: the H.264 encoder, bits per pixel, minimum bitrate and keyframe interval. */
        public Builder encode(EncodeConfig encode) {
            this.encode = encode;
            return this;
        }

        /** Encoder threads; 0 (the default) lets FFmpeg choose. */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /** Checks the settings and starts the file; FFmpeg's refusal (an odd size, say) is an IOException. */
        public VideoFileWriter build() throws IOException {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(encode, "encode config");
            Container chosen = container != null ? container : Container.of(file).orElseThrow(() ->
                    new IllegalArgumentException("no container given and " + file.getFileName()
                            + " is neither .mp4 nor .webm"));
            if (width < 2 || height < 2 || width % 2 != 0 || height % 2 != 0) {
                // 4:2:0 chroma covers 2x2 pixels; JavaCV's recorder would silently stretch an odd width by a pixel
                throw new IllegalArgumentException("4:2:0 video needs an even width and height, got " + width + "x"
                        + height);
            }
            if (!(fps > 0 && fps <= 1000)) {
                throw new IllegalArgumentException("frame rate must be in (0, 1000], got " + fps);
            }
            if (threads < 0) {
                throw new IllegalArgumentException("threads must not be negative, got " + threads);
            }
            FfmpegLog.install();
            FfmpegLog.clearErrors();
            String codec = chosen == Container.MP4 ? encode.videoCodec() : VP9;
            Map<String, String> options = chosen == Container.WEBM ? VP9_OPTIONS : Map.of();
            long bitsPerSecond = ClipEncoder.bitsPerSecond(encode, width, height, fps);
            int gopFrames = (int) Math.max(1, Math.round(encode.gopSeconds() * fps));
            FrameScaler converter = FrameScaler.toYuv420(width, height, width, height);
            try {
                VideoMuxer muxer = VideoMuxer.start(file, chosen.muxer, codec, width, height, fps, bitsPerSecond,
                        gopFrames, threads, options);
                return new VideoFileWriter(file, width, height, converter, muxer);
            } catch (IOException e) {
                converter.close();
                Files.deleteIfExists(file);
                throw explained(e);
            } catch (RuntimeException e) {
                converter.close();
                Files.deleteIfExists(file);
                throw e;
            }
        }
    }
}

package io.reelflow.operators.encode;

import io.reelflow.config.EncodeConfig;
import io.reelflow.config.LimitsConfig;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.encode.internal.FfmpegLog;
import io.reelflow.operators.encode.internal.FrameScaler;
import io.reelflow.operators.encode.internal.Mp4Writer;
import io.reelflow.operators.encode.internal.OverlayCompositor;
import io.reelflow.operators.encode.internal.PngCodec;
import io.reelflow.operators.encode.internal.TimeResampler;
import io.reelflow.pipeline.Clip;
import io.reelflow.pipeline.Encoded;
import io.reelflow.pipeline.EncodedFile;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.Frames;
import io.reelflow.pipeline.Rejection;
import io.reelflow.pipeline.Stages;
import io.reelflow.schema.OutputRole;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * Turns a clip at the model's native size and rate into its output files: a PNG for an image; an H.264 MP4 and a
 * poster PNG for a video. Frames are scaled to exactly the requested size (Lanczos, never cropped or letterboxed),
 * resampled in time by blending the two nearest native frames, overlaid with the visible mark at output resolution, and
 * encoded one at a time, so a full-resolution video never sits in memory. Never throws for a bad clip or an FFmpeg
 * failure: those come back as {@link EncodeOutcome.Failed} with ENCODE_FAILED and FFmpeg's words. Thread-safe.
 */
public final class ClipEncoder {

    /** Encoder threads per video. A Flink slot stands for about one core; more threads would compete with the slots. */
    static final int ENCODER_THREADS = 1;
    private static final int MAX_MESSAGE_CHARS = 1000;
    private static final String JAVACV_HINT = " (For more details, make sure FFmpegLogCallback.set() has been called.)";

    private final EncodeConfig config;
    private final LimitsConfig limits;

    private ClipEncoder(EncodeConfig config, LimitsConfig limits) {
        this.config = config;
        this.limits = limits;
    }

    public static Builder builder() {
        return new Builder();
    }

    public EncodeOutcome encode(Clip clip) {
        long start = System.nanoTime();
        FfmpegLog.clearErrors();
        OutputSpec spec = null;
        try {
            spec = OutputSpec.of(clip.trace().request(), limits);
            checkLimits(spec);
            checkClip(clip, spec);
            List<EncodedFile> files = spec.isVideo() ? encodeVideo(clip, spec) : List.of(encodeImage(clip, spec));
            long millis = millisSince(start);
            return new EncodeOutcome.Done(new Encoded(clip.trace().timed(Stages.ENCODE, millis), files), millis);
        } catch (IOException | RuntimeException e) {
            long millis = millisSince(start);
            Rejection reason = Rejection.of(ErrorCode.ENCODE_FAILED, describe(spec, e));
            return new EncodeOutcome.Failed(clip.trace().timed(Stages.ENCODE, millis), reason, millis);
        }
    }

    private EncodedFile encodeImage(Clip clip, OutputSpec spec) throws IOException {
        Frames frames = clip.frames();
        byte[] rgb = scaleToRgb(frames.rgb(), frames, spec);
        OverlayCompositor.of(clip.overlay()).drawRgb(rgb, spec.width(), spec.height(), 0.0);
        byte[] png = PngCodec.encode(rgb, spec.width(), spec.height());
        return new EncodedFile("output.png", OutputRole.PRIMARY, "image/png", png, spec.width(), spec.height(), 1, 0.0);
    }

    private List<EncodedFile> encodeVideo(Clip clip, OutputSpec spec) throws IOException {
        Frames frames = clip.frames();
        OverlayCompositor overlay = OverlayCompositor.of(clip.overlay());
        int posterIndex = Math.min(spec.frames() - 1, (int) Math.floor(config.posterAt() * spec.frames()));
        long bitsPerSecond = bitsPerSecond(config, spec.width(), spec.height(), spec.fps());
        int gopFrames = Math.max(1, config.gopSeconds() * spec.fps());
        byte[] mixed = new byte[frames.frameBytes()];
        byte[] poster = null;
        byte[] mp4;
        try (FrameScaler scaler = FrameScaler.toYuv420(frames.width(), frames.height(), spec.width(), spec.height());
                Mp4Writer writer = Mp4Writer.start(config.videoCodec(), spec.width(), spec.height(), spec.fps(),
                        bitsPerSecond, gopFrames, ENCODER_THREADS)) {
            for (int i = 0; i < spec.frames(); i++) {
                double shownAt = spec.frameTime(i);
                double centre = shownAt + 0.5 / spec.fps();
                TimeResampler.blend(frames, TimeResampler.at(centre, clip.fps(), frames.count()), mixed);
                scaler.scale(mixed, 0);
                overlay.drawYuv420(scaler.output(), spec.width(), spec.height(), shownAt);
                writer.write(scaler.output());
                if (i == posterIndex) {
                    byte[] rgb = scaleToRgb(mixed, frames, spec);
                    overlay.drawRgb(rgb, spec.width(), spec.height(), shownAt);
                    poster = PngCodec.encode(rgb, spec.width(), spec.height());
                }
            }
            mp4 = writer.finish();
        }
        return List.of(
                new EncodedFile("output.mp4", OutputRole.PRIMARY, "video/mp4", mp4,
                        spec.width(), spec.height(), spec.frames(), spec.durationSeconds()),
                new EncodedFile("poster.png", OutputRole.POSTER, "image/png", poster,
                        spec.width(), spec.height(), 1, 0.0));
    }

    /** {@code encode.bits-per-pixel} at this size and rate, but at least {@code encode.min-bits-per-second}. */
    static long bitsPerSecond(EncodeConfig config, int width, int height, double fps) {
        return Math.max(config.minBitsPerSecond(), Math.round(config.bitsPerPixel() * width * height * fps));
    }

    /** One native frame ({@code rgb} holds it at offset 0 or is {@code frames.rgb()}), scaled to the output size. */
    private static byte[] scaleToRgb(byte[] rgb, Frames frames, OutputSpec spec) {
        try (FrameScaler scaler = FrameScaler.toRgb(frames.width(), frames.height(), spec.width(), spec.height())) {
            scaler.scale(rgb, 0);
            return scaler.outputBytes();
        }
    }

    private void checkLimits(OutputSpec spec) {
        int longSide = Math.max(spec.width(), spec.height());
        int shortSide = Math.min(spec.width(), spec.height());
        boolean fits = spec.isVideo()
                ? longSide <= limits.videoMaxLongSide() && shortSide <= limits.videoMaxShortSide()
                        && spec.frames() <= Math.ceil(limits.maxDurationSeconds() * limits.maxFps())
                : longSide <= limits.imageMaxSide();
        if (!fits) {
            throw new IllegalArgumentException(spec.width() + "x" + spec.height() + " with " + spec.frames()
                    + " frames is beyond the configured limits");
        }
    }

    private static void checkClip(Clip clip, OutputSpec spec) {
        Frames frames = Objects.requireNonNull(clip.frames(), "clip has no frames");
        if (!spec.isVideo() && frames.count() != 1) {
            throw new IllegalArgumentException("a PNG needs a 1-frame clip, got " + frames.count() + " frames");
        }
        if (frames.count() > 1 && !(clip.fps() > 0)) {
            throw new IllegalArgumentException(
                    "a clip of " + frames.count() + " frames needs a frame rate, got " + clip.fps());
        }
    }

    private String describe(OutputSpec spec, Exception e) {
        String what = spec == null ? "encoding failed: "
                : "encoding " + spec.width() + "x" + spec.height() + " " + spec.format()
                        + (spec.isVideo() ? " with " + config.videoCodec() : "") + " failed: ";
        String message = Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName())
                .replace(JAVACV_HINT, "");
        String ffmpeg = FfmpegLog.recentErrors();
        String full = what + message + (ffmpeg.isEmpty() ? "" : " (FFmpeg: " + ffmpeg + ")");
        return full.length() <= MAX_MESSAGE_CHARS ? full : full.substring(0, MAX_MESSAGE_CHARS - 3) + "...";
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Configures an encoder; {@link #build()} checks the configuration. */
    public static final class Builder {
        private EncodeConfig encode;
        private LimitsConfig limits;

        private Builder() {}

        /** The encode and limits sections of {@code config}. */
        public Builder config(ReelflowConfig config) {
            return encode(config.encode()).limits(config.limits());
        }

        public Builder encode(EncodeConfig encode) {
            this.encode = encode;
            return this;
        }

        public Builder limits(LimitsConfig limits) {
            this.limits = limits;
            return this;
        }

        /**
         * Also loads FFmpeg, so a missing native library fails here rather than on the first clip. The codec name is
         * looked up per clip: a wrong name fails each request with FFmpeg's answer instead of the whole job.
         */
        public ClipEncoder build() {
            Objects.requireNonNull(encode, "encode config");
            Objects.requireNonNull(limits, "limits config");
            if (encode.videoCodec() == null || encode.videoCodec().isBlank()) {
                throw new IllegalArgumentException("encode.video-codec must name an FFmpeg encoder");
            }
            if (!(encode.bitsPerPixel() > 0)) {
                throw new IllegalArgumentException(
                        "encode.bits-per-pixel must be positive, got " + encode.bitsPerPixel());
            }
            if (encode.gopSeconds() < 1) {
                throw new IllegalArgumentException("encode.gop-seconds must be at least 1, got " + encode.gopSeconds());
            }
            if (!(encode.posterAt() >= 0 && encode.posterAt() <= 1)) {
                throw new IllegalArgumentException("encode.poster-at must be within [0, 1], got " + encode.posterAt());
            }
            if (limits.defaultFps() < 1) {
                throw new IllegalArgumentException("limits.default-fps must be at least 1, got " + limits.defaultFps());
            }
            FfmpegLog.install();
            return new ClipEncoder(encode, limits);
        }
    }
}

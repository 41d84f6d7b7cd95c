package io.reelflow.operators.encode.internal;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Encodes YUV 4:2:0 frames ({@link YuvLayout}) with one FFmpeg video encoder into a file of one container (mp4,
 * webm), frame by frame. The stream is tagged BT.709 limited range, what {@link FrameScaler} converts to.
 */
public final class VideoMuxer implements AutoCloseable {

    private final FFmpegFrameRecorder recorder;
    private final Frame frame = new Frame();

    private VideoMuxer(FFmpegFrameRecorder recorder, int width, int height) {
        this.recorder = recorder;
        frame.imageWidth = width;
        frame.imageHeight = height;
        frame.imageDepth = Frame.DEPTH_UBYTE;
        frame.imageChannels = 1;
        frame.imageStride = width;
    }

    /**
     * Starts writing {@code file}.
     *
     * @param format an FFmpeg muxer name, e.g. mp4 or webm
     * @param codec an FFmpeg encoder name, e.g. libopenh264 or libvpx-vp9
     * @param threads encoder threads; 0 lets FFmpeg use every core
     * @param codecOptions further encoder options, e.g. libvpx's speed settings
     */
    public static VideoMuxer start(Path file, String format, String codec, int width, int height, double fps,
            long bitsPerSecond, int gopFrames, int threads, Map<String, String> codecOptions) throws IOException {
        AVCodec encoder = avcodec_find_encoder_by_name(codec);
        if (encoder == null || encoder.isNull()) {
            // JavaCV would silently fall back to the container's default codec; an unknown name is a misconfiguration.
            throw new IOException("FFmpeg has no encoder named '" + codec + "' (avcodec_find_encoder_by_name)");
        }
        if (encoder.type() != AVMEDIA_TYPE_VIDEO) {
            throw new IOException("FFmpeg encoder '" + codec + "' is not a video encoder");
        }
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0);
        try {
            recorder.setFormat(format);
            recorder.setVideoCodecName(codec);
            recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(fps);
            recorder.setVideoBitrate(Math.toIntExact(Math.min(Integer.MAX_VALUE, bitsPerSecond)));
            recorder.setGopSize(gopFrames);
            recorder.setVideoOption("threads", Integer.toString(threads));
            // FrameScaler converts with BT.709 into limited range; tag the stream so players convert back alike.
            recorder.setVideoOption("colorspace", "bt709");
            recorder.setVideoOption("color_primaries", "bt709");
            recorder.setVideoOption("color_trc", "bt709");
            recorder.setVideoOption("color_range", "tv");
            codecOptions.forEach(recorder::setVideoOption);
            if ("mp4".equals(format)) {
                // the index in front of the media, so browsers can play while downloading
                recorder.setOption("movflags", "+faststart");
            }
            recorder.start();
            return new VideoMuxer(recorder, width, height);
        } catch (IOException | RuntimeException e) {
            recorder.release();
            throw e;
        }
    }

    /** Encodes one frame; the buffer may be reused once this returns (FFmpeg copies it). */
    public void write(ByteBuffer yuv420) throws IOException {
        frame.image = new ByteBuffer[] {yuv420};
        recorder.record(frame, AV_PIX_FMT_YUV420P);
    }

    /** Flushes the encoder and writes the container's index. */
    public void finish() throws IOException {
        recorder.stop();
    }

    @Override
    public void close() throws IOException {
        recorder.release();
    }
}

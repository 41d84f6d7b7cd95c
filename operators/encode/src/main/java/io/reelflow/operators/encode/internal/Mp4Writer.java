package io.reelflow.operators.encode.internal;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Writes YUV 4:2:0 frames ({@link YuvLayout}) to an MP4 with FFmpeg, frame by frame. The MP4 is muxed into a temporary
 * file because faststart (moving the index in front of the media so browsers can play while downloading) needs a
 * seekable output; {@link #finish()} returns its bytes and {@link #close()} deletes it.
 */
public final class Mp4Writer implements AutoCloseable {

    private final Path file;
    private final FFmpegFrameRecorder recorder;
    private final Frame frame = new Frame();

    private Mp4Writer(Path file, FFmpegFrameRecorder recorder, int width, int height) {
        this.file = file;
        this.recorder = recorder;
        frame.imageWidth = width;
        frame.imageHeight = height;
        frame.imageDepth = Frame.DEPTH_UBYTE;
        frame.imageChannels = 1;
        frame.imageStride = width;
    }

    /**
     * Starts an H.264 (or other {@code codec}) MP4 of YUV 4:2:0 frames.
     *
     * @param codec an FFmpeg encoder name, e.g. libopenh264
     * @param threads encoder threads; 0 lets FFmpeg use every core
     */
    public static Mp4Writer start(String codec, int width, int height, int fps, long bitsPerSecond, int gopFrames,
            int threads) throws IOException {
        AVCodec encoder = avcodec_find_encoder_by_name(codec);
        if (encoder == null || encoder.isNull()) {
            // JavaCV would silently fall back to the container's default codec; an unknown name is a misconfiguration.
            throw new IOException("FFmpeg has no encoder named '" + codec + "' (avcodec_find_encoder_by_name)");
        }
        if (encoder.type() != AVMEDIA_TYPE_VIDEO) {
            throw new IOException("FFmpeg encoder '" + codec + "' is not a video encoder");
        }
        Path file = Files.createTempFile("reelflow-encode-", ".mp4");
        FFmpegFrameRecorder recorder = null;
        try {
            recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0);
            recorder.setFormat("mp4");
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
            recorder.setOption("movflags", "+faststart");
            recorder.start();
            return new Mp4Writer(file, recorder, width, height);
        } catch (IOException | RuntimeException e) {
            try {
                if (recorder != null) {
                    recorder.release();
                }
            } finally {
                Files.deleteIfExists(file);
            }
            throw e;
        }
    }

    /** Encodes one frame; the buffer may be reused once this returns (FFmpeg copies it). */
    public void write(ByteBuffer yuv420) throws IOException {
        frame.image = new ByteBuffer[] {yuv420};
        recorder.record(frame, AV_PIX_FMT_YUV420P);
    }

    /** Flushes the encoder, writes the index and returns the file's bytes. */
    public byte[] finish() throws IOException {
        recorder.stop();
        return Files.readAllBytes(file);
    }

    @Override
    public void close() throws IOException {
        try {
            recorder.release();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}

package io.reelflow.operators.watermark;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.function.IntFunction;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Real encodes as the encode stage makes them, and decodes as a verifier would: H.264 (libopenh264, yuv420p, a
 * bitrate in bits per pixel per frame) in MP4, and PNG. Frames are produced and consumed one at a time, so a
 * 1080p clip never sits in memory whole.
 */
final class FfmpegRoundTrip {

    private FfmpegRoundTrip() {}

    /** Encodes {@code count} RGB frames from {@code frame} into an H.264 MP4 at {@code file}. */
    static void writeH264(Path file, int width, int height, double fps, int count, double bitsPerPixel, IntFunction<byte[]> frame)
            throws Exception {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0)) {
            recorder.setFormat("mp4");
            recorder.setVideoCodecName("libopenh264");
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(fps);
            recorder.setGopSize((int) Math.round(2 * fps));
            recorder.setVideoBitrate((int) Math.round(bitsPerPixel * width * height * fps));
            recorder.start();
            for (int i = 0; i < count; i++) {
                recorder.record(toFrame(frame.apply(i), width, height), avutil.AV_PIX_FMT_RGB24);
            }
            recorder.stop();
        }
    }

    /** Writes one RGB frame as a PNG at {@code file}. */
    static void writePng(Path file, int width, int height, byte[] rgb) throws Exception {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0)) {
            recorder.setFormat("image2");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_PNG);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
            recorder.start();
            recorder.record(toFrame(rgb, width, height), avutil.AV_PIX_FMT_RGB24);
            recorder.stop();
        }
    }

    /** Decodes every video frame of {@code file} (BGR) into {@code accumulator}; returns the frames read. */
    static int readInto(Path file, DetectionAccumulator accumulator) throws Exception {
        int frames = 0;
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            grabber.start();
            byte[] pixels = null;
            for (Frame frame = grabber.grabImage(); frame != null; frame = grabber.grabImage()) {
                ByteBuffer buffer = (ByteBuffer) frame.image[0];
                int stride = frame.imageStride;
                int length = stride * frame.imageHeight;
                if (pixels == null || pixels.length != length) {
                    pixels = new byte[length];
                }
                buffer.position(0).get(pixels, 0, length);
                accumulator.addFrame(frame.imageWidth, frame.imageHeight, pixels, 0, stride, ChannelOrder.BGR);
                frames++;
            }
            grabber.stop();
        }
        return frames;
    }

    /**
     * Rows padded to 64 bytes: libswscale's SIMD paths read past the end of unpadded rows and crashed the JVM
     * (SIGSEGV in sws_scale) for a 114x64 frame.
     */
    private static Frame toFrame(byte[] rgb, int width, int height) {
        Frame frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3, (width * 3 + 63) / 64 * 64);
        ByteBuffer buffer = (ByteBuffer) frame.image[0];
        for (int y = 0; y < height; y++) {
            buffer.position(y * frame.imageStride);
            buffer.put(rgb, y * width * 3, width * 3);
        }
        buffer.position(0);
        return frame;
    }
}

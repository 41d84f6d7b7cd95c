package io.reelflow.bench.watermark;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.IntFunction;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Re-encodes RGB frames the way someone re-uploading or transcoding a video would: constant-quality libx264 (CRF,
 * ffmpeg's default preset medium and its default 250-frame keyframe interval) or libvpx-vp9 (constant quality, CRF
 * with no bitrate target), YUV 4:2:0. Needs the GPL FFmpeg build the bench module carries.
 */
final class Reencoder {

    /** Encoder threads per re-encode: the machine has two cores; the rest of the harness waits on the encoder. */
    static final int THREADS = 2;

    /** An FFmpeg encoder, the container it goes in, and its private options. */
    record Codec(String name, String container, String extension, Map<String, String> options) {

        /** H.264 at a constant rate factor, as {@code ffmpeg -c:v libx264 -crf N} does it. */
        static Codec h264(int crf) {
            return new Codec("libx264", "mp4", ".mp4", Map.of("crf", Integer.toString(crf), "preset", "medium"));
        }

        /**
         * VP9 in constant-quality mode ({@code -crf 31 -b:v 0}, the level Google's VOD guide gives for 1080p) at
         * deadline good, cpu-used 4 ({@code -deadline good -cpu-used 4}), a common speed/quality setting for files.
         */
        static Codec vp9() {
            return new Codec("libvpx-vp9", "webm", ".webm",
                    Map.of("crf", "31", "deadline", "good", "cpu-used", "4", "row-mt", "1"));
        }
    }

    private Reencoder() {}

    /** Encodes {@code count} RGB frames ({@code width x height}, packed rows) from {@code frame} into {@code file}. */
    static void write(Path file, Codec codec, int width, int height, double fps, int count, IntFunction<byte[]> frame)
            throws Exception {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0)) {
            recorder.setFormat(codec.container());
            recorder.setVideoCodecName(codec.name());
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(fps);
            recorder.setVideoBitrate(0); // constant quality: no bitrate target
            recorder.setGopSize(250); // JavaCV's default is 12, far more keyframes than any transcoder makes
            recorder.setVideoOption("threads", Integer.toString(THREADS));
            codec.options().forEach(recorder::setVideoOption);
            recorder.start();
            Frame padded = new Frame(width, height, Frame.DEPTH_UBYTE, 3, (width * 3 + 63) / 64 * 64);
            for (int i = 0; i < count; i++) {
                copyInto(padded, frame.apply(i), width, height);
                recorder.record(padded, avutil.AV_PIX_FMT_RGB24);
            }
            recorder.stop();
        }
    }

    /**
     * Rows padded to 64 bytes: libswscale's SIMD paths read past the end of unpadded rows (a SIGSEGV in sws_scale in
     * the watermark tests).
     */
    private static void copyInto(Frame frame, byte[] rgb, int width, int height) {
        ByteBuffer buffer = (ByteBuffer) frame.image[0];
        for (int y = 0; y < height; y++) {
            buffer.position(y * frame.imageStride);
            buffer.put(rgb, y * width * 3, width * 3);
        }
        buffer.position(0);
    }
}

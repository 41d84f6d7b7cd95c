package io.reelflow.cli;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Files as someone else's tools would make them, written with ImageIO and JavaCV's own recorder (its own RGB to YUV
 * conversion, not Reelflow's): a textured picture that pans and has a moving disc, so frames differ like a real clip.
 */
final class ForeignMedia {

    private ForeignMedia() {}

    /** Frame {@code f} of the scene, RGB24. */
    static byte[] scene(int width, int height, int f) {
        SplittableRandom noise = new SplittableRandom(31L * f + 7);
        byte[] rgb = new byte[width * height * 3];
        double discX = width * (0.2 + 0.02 * f);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double u = (x + 2.0 * f) / width;
                double v = (double) y / height;
                double texture = 18 * Math.sin(23 * u + 3 * v) * Math.cos(17 * v - 5 * u) + 10 * Math.sin(61 * u * v + 1);
                double disc = Math.hypot(x - discX, y - height / 2.0) < height / 5.0 ? 60 : 0;
                int o = (y * width + x) * 3;
                for (int c = 0; c < 3; c++) {
                    double level = 70 + 90 * (c == 0 ? u : c == 1 ? v : 1 - u) + texture + disc + noise.nextInt(-6, 7);
                    rgb[o + c] = (byte) Math.max(0, Math.min(255, Math.round(level)));
                }
            }
        }
        return rgb;
    }

    /** Writes frame 0 of the scene as a PNG or (ImageIO's default quality) a JPEG. */
    static void writeStill(Path file, int width, int height, String format) throws IOException {
        byte[] rgb = scene(width, height, 0);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int p = 0; p < width * height; p++) {
            image.setRGB(p % width, p / width,
                    (rgb[p * 3] & 0xff) << 16 | (rgb[p * 3 + 1] & 0xff) << 8 | (rgb[p * 3 + 2] & 0xff));
        }
        if (!ImageIO.write(image, format, file.toFile())) {
            throw new IOException("no ImageIO writer for " + format);
        }
    }

    /**
     * Writes {@code count} frames of the scene with {@code codec} in {@code format} (mp4, webm), with a mono sine
     * tone as audio when {@code audioCodec} is not 0.
     */
    static void writeVideo(Path file, String format, String codec, int audioCodec, int width, int height, double fps,
            int count) throws Exception {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height, audioCodec == 0 ? 0 : 1)) {
            recorder.setFormat(format);
            recorder.setVideoCodecName(codec);
            recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(fps);
            recorder.setVideoBitrate(1_500_000);
            if (audioCodec != 0) {
                recorder.setAudioCodec(audioCodec);
                recorder.setSampleRate(44_100);
                recorder.setAudioBitrate(96_000);
            }
            recorder.start();
            for (int f = 0; f < count; f++) {
                recorder.record(frame(scene(width, height, f), width, height), AV_PIX_FMT_RGB24);
                if (audioCodec != 0) {
                    recorder.recordSamples(44_100, 1, tone(f, (int) Math.round(44_100 / fps)));
                }
            }
            recorder.stop();
        }
    }

    static int aac() {
        return avcodec.AV_CODEC_ID_AAC;
    }

    private static ShortBuffer tone(int f, int samples) {
        short[] pcm = new short[samples];
        for (int i = 0; i < samples; i++) {
            pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * (f * samples + i) / 44_100.0));
        }
        return ShortBuffer.wrap(pcm);
    }

    /** Rows padded to 64 bytes: swscale's SIMD readers run past unpadded rows. */
    private static Frame frame(byte[] rgb, int width, int height) {
        Frame frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3, (width * 3 + 63) / 64 * 64);
        ByteBuffer buffer = (ByteBuffer) frame.image[0];
        for (int y = 0; y < height; y++) {
            buffer.position(y * frame.imageStride).put(rgb, y * width * 3, width * 3);
        }
        buffer.position(0);
        return frame;
    }
}

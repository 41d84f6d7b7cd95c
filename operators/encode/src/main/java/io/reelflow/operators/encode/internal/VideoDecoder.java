package io.reelflow.operators.encode.internal;

import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ422P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ444P;
import static org.bytedeco.ffmpeg.global.swscale.SWS_ACCURATE_RND;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BICUBIC;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_DEFAULT;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCoefficients;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.ffmpeg.global.swscale.sws_setColorspaceDetails;

import io.reelflow.operators.encode.FrameVisitor;
import io.reelflow.operators.encode.MediaInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Decodes a video with FFmpeg, frame by frame, to RGB24. Frames are taken raw from the decoder and converted here with
 * the colour matrix and range the stream declares (JavaCV's own conversion always assumes BT.601), so BT.709 video
 * from Reelflow, phones or anywhere else comes back with the right colours.
 */
public final class VideoDecoder implements AutoCloseable {

    private final FFmpegFrameGrabber grabber;
    private SwsContext converter;
    private String converterSetup = "";
    private BytePointer converted;
    private byte[] rgb = new byte[0];

    private VideoDecoder(FFmpegFrameGrabber grabber) throws IOException {
        this.grabber = grabber;
        grabber.setImageMode(FrameGrabber.ImageMode.RAW);
        try {
            grabber.start();
        } catch (IOException | RuntimeException e) {
            grabber.release();
            throw e;
        }
    }

    public static VideoDecoder open(byte[] bytes) throws IOException {
        return new VideoDecoder(new FFmpegFrameGrabber(new ByteArrayInputStream(bytes), bytes.length));
    }

    public static VideoDecoder open(Path file) throws IOException {
        return new VideoDecoder(new FFmpegFrameGrabber(file.toFile()));
    }

    /** What the container says, with {@code frames} as given (the container's count when it is -1). */
    public MediaInfo info(int frames) {
        return new MediaInfo(
                grabber.getFormat(),
                grabber.getVideoCodecName(),
                grabber.getImageWidth(),
                grabber.getImageHeight(),
                frames >= 0 ? frames : grabber.getLengthInVideoFrames(),
                grabber.getFrameRate(),
                grabber.getLengthInTime() / 1_000_000.0);
    }

    /** Decodes every remaining frame into {@code visitor}; returns how many there were. */
    public int forEachFrame(FrameVisitor visitor) throws IOException {
        int index = 0;
        for (Frame frame = grabber.grabImage(); frame != null; frame = grabber.grabImage()) {
            AVFrame picture = (AVFrame) frame.opaque;
            toRgb(picture);
            visitor.frame(index++, picture.width(), picture.height(), rgb);
        }
        return index;
    }

    private void toRgb(AVFrame picture) {
        int width = picture.width();
        int height = picture.height();
        int format = picture.format();
        boolean fullRange = picture.color_range() == AVCOL_RANGE_JPEG
                || format == AV_PIX_FMT_YUVJ420P || format == AV_PIX_FMT_YUVJ422P || format == AV_PIX_FMT_YUVJ444P;
        String setup = width + "x" + height + "/" + format + "/" + picture.colorspace() + "/" + fullRange;
        if (!setup.equals(converterSetup)) {
            converter = sws_getCachedContext(converter, width, height, format, width, height, AV_PIX_FMT_RGB24,
                    SWS_BICUBIC | SWS_ACCURATE_RND, null, null, (DoublePointer) null);
            if (converter == null || converter.isNull()) {
                throw new IllegalStateException("swscale cannot convert pixel format " + format + " to RGB");
            }
            // Unspecified (2) and unknown colour spaces get swscale's default, BT.601, as FFmpeg's tools do.
            sws_setColorspaceDetails(converter, sws_getCoefficients(picture.colorspace()), fullRange ? 1 : 0,
                    sws_getCoefficients(SWS_CS_DEFAULT), 1, 0, 1 << 16, 1 << 16);
            converterSetup = setup;
        }
        int bytes = width * height * 3;
        if (rgb.length != bytes) {
            rgb = new byte[bytes];
            if (converted != null) {
                converted.close();
            }
            // Padded: swscale's vector writers may store a little past the last packed row.
            converted = new BytePointer(bytes + 64L);
        }
        try (PointerPointer<?> target = new PointerPointer<>(4).put(0, converted);
                IntPointer strides = new IntPointer(width * 3, 0, 0, 0)) {
            sws_scale(converter, picture.data(), picture.linesize(), 0, height, target, strides);
        }
        converted.position(0).get(rgb);
    }

    @Override
    public void close() throws IOException {
        try {
            grabber.release();
        } finally {
            if (converter != null) {
                sws_freeContext(converter);
            }
            if (converted != null) {
                converted.close();
            }
        }
    }
}

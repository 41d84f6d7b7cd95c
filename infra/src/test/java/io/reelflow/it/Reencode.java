package io.reelflow.it;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/** What happens to a copy on its way through other people's software: another codec and container, or JPEG. */
final class Reencode {

    private Reencode() {}

    /** Decodes any video and encodes it again as MPEG-4 Part 2 in Matroska at {@code bitsPerSecond}. */
    static byte[] asMpeg4(byte[] video, int bitsPerSecond) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(new ByteArrayInputStream(video), 0)) {
            grabber.start();
            try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(out, grabber.getImageWidth(),
                    grabber.getImageHeight(), 0)) {
                recorder.setFormat("matroska");
                recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
                recorder.setVideoBitrate(bitsPerSecond);
                recorder.setFrameRate(grabber.getFrameRate());
                recorder.start();
                for (Frame frame = grabber.grabImage(); frame != null; frame = grabber.grabImage()) {
                    recorder.record(frame);
                }
                recorder.stop();
            }
            grabber.stop();
        }
        return out.toByteArray();
    }

    /** An image saved again as JPEG at {@code quality} (0-1), as photo sites do. */
    static byte[] asJpeg(byte[] image, float quality) throws IOException {
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image));
        BufferedImage rgb = new BufferedImage(decoded.getWidth(), decoded.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        rgb.getGraphics().drawImage(decoded, 0, 0, null);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(rgb, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}

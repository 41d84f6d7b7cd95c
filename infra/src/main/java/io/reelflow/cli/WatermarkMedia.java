package io.reelflow.cli;

import io.reelflow.config.EncodeConfig;
import io.reelflow.operators.encode.MediaInfo;
import io.reelflow.operators.encode.MediaReader;
import io.reelflow.operators.encode.VideoFileWriter;
import io.reelflow.operators.watermark.ChannelOrder;
import io.reelflow.operators.watermark.Detection;
import io.reelflow.operators.watermark.DetectionAccumulator;
import io.reelflow.operators.watermark.WatermarkDetector;
import io.reelflow.operators.watermark.WatermarkEmbedder;
import io.reelflow.pipeline.Frames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;

/** Files as the watermark commands see them: stills through ImageIO, everything else through FFmpeg, frame by frame. */
final class WatermarkMedia {

    /** What a file holds, from its first bytes: the extension of someone else's file cannot be trusted. */
    enum Kind {
        PNG,
        JPEG,
        /** Anything else; FFmpeg decides whether it can read it. */
        VIDEO;

        boolean still() {
            return this != VIDEO;
        }
    }

    /** The formats embed writes, from the output file's extension. */
    enum Output {
        PNG(".png"),
        JPEG(".jpg", ".jpeg"),
        MP4(".mp4"),
        WEBM(".webm");

        private final String[] extensions;

        Output(String... extensions) {
            this.extensions = extensions;
        }

        boolean still() {
            return this == PNG || this == JPEG;
        }

        static Optional<Output> of(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            for (Output output : values()) {
                for (String extension : output.extensions) {
                    if (name.endsWith(extension)) {
                        return Optional.of(output);
                    }
                }
            }
            return Optional.empty();
        }
    }

    /** A marked video: how many frames, at what size and rate, and the source's size if it had to be cropped. */
    record MarkedVideo(int frames, int width, int height, double fps, int sourceWidth, int sourceHeight) {

        boolean cropped() {
            return width != sourceWidth || height != sourceHeight;
        }
    }

    private WatermarkMedia() {}

    static Kind sniff(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(8);
        }
        if (head.length == 8 && (head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') {
            return Kind.PNG;
        }
        if (head.length >= 3 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8 && (head[2] & 0xff) == 0xff) {
            return Kind.JPEG;
        }
        return Kind.VIDEO;
    }

    /** The detector's reading of every frame of {@code file}, evidence summed over a video's frames. */
    static Detection detect(Path file, WatermarkDetector detector) throws IOException {
        DetectionAccumulator evidence = detector.accumulator();
        if (sniff(file).still()) {
            evidence.add(StillImage.read(file).frames());
        } else {
            MediaReader.stream(file, (index, width, height, rgb) ->
                    evidence.addFrame(width, height, rgb, 0, width * 3, ChannelOrder.RGB));
            if (evidence.frames() == 0) {
                throw new IOException(file + " has no video frames");
            }
        }
        return evidence.result();
    }

    /**
     * Decodes {@code in} frame by frame, marks each with {@code watermarkId} and encodes it into {@code out} (MP4 or
     * WebM) at the source's size and frame rate; audio is not copied. 4:2:0 video needs even sizes, so an odd width or
     * height loses its last column or row. Written next to {@code out} first and moved over it once complete, so a
     * failure leaves no half file and no lost original.
     */
    static MarkedVideo markVideo(Path in, Path out, Output format, WatermarkEmbedder embedder, String watermarkId,
            EncodeConfig encode) throws IOException {
        MediaInfo info = MediaReader.probe(in);
        if (!(info.fps() > 0)) {
            throw new IOException(in + " declares no frame rate (" + info.fps() + "), so it cannot be re-encoded");
        }
        Path partial = Files.createTempFile(out.toAbsolutePath().getParent(), ".reelflow-", ".part");
        VideoFileWriter.Container container =
                format == Output.WEBM ? VideoFileWriter.Container.WEBM : VideoFileWriter.Container.MP4;
        VideoFileWriter[] writer = {null};
        WatermarkEmbedder.FrameMarker[] marker = {null};
        int[] size = new int[4]; // source width and height, written width and height
        byte[][] even = {null};
        try {
            MediaReader.stream(in, (index, width, height, rgb) -> {
                if (writer[0] == null) {
                    size[0] = width;
                    size[1] = height;
                    size[2] = width & ~1;
                    size[3] = height & ~1;
                    marker[0] = embedder.marker(size[2], size[3], watermarkId);
                    writer[0] = VideoFileWriter.builder().file(partial).container(container).size(size[2], size[3])
                            .fps(info.fps()).encode(encode).build();
                } else if (width != size[0] || height != size[1]) {
                    throw new IOException("frame " + index + " is " + width + "x" + height + ", the first was "
                            + size[0] + "x" + size[1] + "; a video that changes size mid-stream is not supported");
                }
                byte[] frame = rgb; // the decoder's buffer, reused for the next frame: marked in place
                if (size[2] != width || size[3] != height) {
                    even[0] = even[0] != null ? even[0] : new byte[size[2] * size[3] * 3];
                    for (int y = 0; y < size[3]; y++) {
                        System.arraycopy(rgb, y * width * 3, even[0], y * size[2] * 3, size[2] * 3);
                    }
                    frame = even[0];
                }
                marker[0].mark(frame, 0, size[2] * 3, ChannelOrder.RGB);
                writer[0].write(frame);
            });
            if (writer[0] == null) {
                throw new IOException(in + " has no video frames");
            }
            int frames = writer[0].finish();
            Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING);
            return new MarkedVideo(frames, size[2], size[3], info.fps(), size[0], size[1]);
        } finally {
            if (writer[0] != null) {
                writer[0].close();
            }
            Files.deleteIfExists(partial);
        }
    }

    /** Marks a still and writes it as PNG (alpha kept) or JPEG, replacing {@code out} only once complete. */
    static Frames markStill(Path in, Path out, Output format, WatermarkEmbedder embedder, String watermarkId)
            throws IOException {
        StillImage image = StillImage.read(in);
        Frames frames = image.frames();
        embedder.marker(frames.width(), frames.height(), watermarkId)
                .mark(frames.rgb(), 0, frames.width() * 3, ChannelOrder.RGB);
        Path partial = Files.createTempFile(out.toAbsolutePath().getParent(), ".reelflow-", ".part");
        try {
            image.write(partial, format == Output.JPEG);
            Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
        return frames;
    }
}

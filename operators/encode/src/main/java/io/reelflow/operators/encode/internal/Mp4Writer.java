package io.reelflow.operators.encode.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes YUV 4:2:0 frames ({@link YuvLayout}) to an MP4 with FFmpeg, frame by frame. The MP4 is muxed into a temporary
 * file because faststart (moving the index in front of the media so browsers can play while downloading) needs a
 * seekable output; {@link #finish()} returns its bytes and {@link #close()} deletes it.
 */
public final class Mp4Writer implements AutoCloseable {

    private final Path file;
    private final VideoMuxer muxer;

    private Mp4Writer(Path file, VideoMuxer muxer) {
        this.file = file;
        this.muxer = muxer;
    }

    /**
     * Starts an H.264 (or other {@code codec}) MP4 of YUV 4:2:0 frames.
     *
     * @param codec an FFmpeg encoder name, e.g. libopenh264
     * @param threads encoder threads; 0 lets FFmpeg use every core
     */
    public static Mp4Writer start(String codec, int width, int height, int fps, long bitsPerSecond, int gopFrames,
            int threads) throws IOException {
        Path file = Files.createTempFile("reelflow-encode-", ".mp4");
        try {
            return new Mp4Writer(file, VideoMuxer.start(
                    file, "mp4", codec, width, height, fps, bitsPerSecond, gopFrames, threads, Map.of()));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /** Encodes one frame; the buffer may be reused once this returns (FFmpeg copies it). */
    public void write(ByteBuffer yuv420) throws IOException {
        muxer.write(yuv420);
    }

    /** Flushes the encoder, writes the index and returns the file's bytes. */
    public byte[] finish() throws IOException {
        muxer.finish();
        return Files.readAllBytes(file);
    }

    @Override
    public void close() throws IOException {
        try {
            muxer.close();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
